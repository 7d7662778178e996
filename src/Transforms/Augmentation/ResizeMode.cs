namespace MLSegmentation.Transforms;

/// <summary>How <see cref="Resize"/> reaches the target size.</summary>
public enum ResizeMode
{
    /// <summary>Scale each axis independently to the target size (the aspect ratio changes).</summary>
    Stretch,

    /// <summary>Scale uniformly so the whole input fits, then pad (with the fill value) to the target size.</summary>
    Pad,

    /// <summary>Scale uniformly so the input covers the target, then crop the centre.</summary>
    Crop,
}
