namespace MLSegmentation.Transforms;

/// <summary>The kinds of input normalisation a segmentation model can declare (see <see cref="InputNormalization"/>).</summary>
public enum NormalizationKind
{
    /// <summary>Values are fed as stored (0–255 for 8-bit images).</summary>
    None = 0,

    /// <summary>Per image and channel: subtract the channel's mean, divide by its (population) standard deviation.</summary>
    ZScore = 1,

    /// <summary>Per channel c: (x − mean[c]) / std[c] with fixed, dataset-wide values.</summary>
    Fixed = 2,

    /// <summary>Multiply every value by a factor, e.g. 1/255.</summary>
    Scale = 3,
}
