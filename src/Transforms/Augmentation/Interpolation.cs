namespace MLSegmentation.Transforms;

/// <summary>How resampling reads between voxels.</summary>
public enum Interpolation
{
    /// <summary>The nearest voxel: for labels and categorical side data.</summary>
    Nearest,

    /// <summary>Bilinear (2D) or trilinear (3D): for intensities.</summary>
    Linear,
}
