namespace MLSegmentation.Transforms;

/// <summary>
/// An object of the synthetic benchmark: a shape given by a membership test at voxel centres, its
/// intensity inside, and a bounding box that limits the voxels to test. Coordinates are (z, y, x) in voxels.
/// </summary>
internal abstract class SyntheticObject(int label, double z, double y, double x, double extent)
{
    /// <summary>The class index the object paints.</summary>
    public int Label { get; } = label;

    /// <summary>Centre (z).</summary>
    public double Z { get; } = z;

    /// <summary>Centre (y).</summary>
    public double Y { get; } = y;

    /// <summary>Centre (x).</summary>
    public double X { get; } = x;

    /// <summary>Half-size of the bounding box along every axis.</summary>
    public double Extent { get; } = extent;

    /// <summary>Whether the voxel centre (z, y, x) lies inside.</summary>
    public abstract bool Contains(int z, int y, int x);

    /// <summary>The noise-free intensity at a voxel inside the object.</summary>
    public abstract double Intensity(int z, int y, int x);
}
