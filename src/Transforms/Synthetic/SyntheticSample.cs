namespace MLSegmentation.Transforms;

/// <summary>One generated sample.</summary>
/// <param name="Image">One channel, intensities 0–255 (whole numbers, so an 8-bit PNG stores them exactly).</param>
/// <param name="Labels">The exact class of every pixel: the class of the topmost object whose shape contains the pixel centre, else 0.</param>
public sealed record SyntheticSample(Image Image, LabelMap Labels);
