namespace MLSegmentation.Trainers.Estimators;

/// <summary>How a model's input intensities are normalised, at training and at inference alike.</summary>
public enum IntensityNormalization
{
    /// <summary>Intensities as read.</summary>
    None,
    /// <summary>Per image and channel: subtract the mean, divide by the standard deviation.</summary>
    ZScore,
    /// <summary>Per channel: (x − mean[c]) / std[c] with fixed values.</summary>
    Fixed,
    /// <summary>x · factor (e.g. 1/255 for 8-bit images).</summary>
    Scale,
}
