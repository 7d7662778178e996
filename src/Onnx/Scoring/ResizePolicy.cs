namespace MLSegmentation.Onnx;

// The values' texts in the mlseg.resize metadata are ResizePolicyText's.

/// <summary>How <see cref="OnnxSegmenter"/> maps an image or volume onto the model's input size.</summary>
public enum ResizePolicy
{
    /// <summary>
    /// Run the model at the image's own size (fully convolutional models). Images of different sizes are never
    /// batched together: a batch is flushed when the size changes.
    /// </summary>
    None = 0,

    /// <summary>
    /// Resize each (normalised) image bilinearly (volume trilinearly) to the model's training size, run, then bring the
    /// result back to the input's size: labels with nearest-neighbour, probabilities linearly. Needs a training size (metadata
    /// <c>mlseg.training_size</c> or <see cref="OnnxSegmenterOptions.TrainingSize"/>).
    /// </summary>
    ToTrainingSize = 1,

    /// <summary>
    /// Sliding-window inference as nnU-Net does it: tiles of the training size, overlapping by
    /// <see cref="OnnxSegmenterOptions.SlidingWindowOverlap"/>, whose probabilities are averaged with a Gaussian
    /// importance weight (σ = tile / 8 per axis, highest at the tile centre), over H, W for images and D, H, W for
    /// volumes. Inputs smaller than a tile along an axis are zero-padded (after normalisation) and cropped back.
    /// Needs a training size.
    /// </summary>
    SlidingWindow = 2,
}
