using MLSegmentation.Transforms;

namespace MLSegmentation.Reporting.Overlays;

/// <summary>An image with its predicted label map and, when known, its true one (2D, or 3D of which one axial slice is drawn).</summary>
/// <param name="Id">The sample's identifier (names the overlay file).</param>
/// <param name="Image">The image as read (its first channel is drawn).</param>
/// <param name="Truth">The true label map, of the image's size, or null for unlabelled images (scoring): the picture then has no truth panel.</param>
/// <param name="Prediction">The predicted label map, of the image's size.</param>
public sealed record OverlaySample(string Id, Image Image, LabelMap? Truth, LabelMap Prediction);
