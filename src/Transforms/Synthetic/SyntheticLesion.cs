namespace MLSegmentation.Transforms;

/// <summary>Class 4: a small very bright lesion, a sphere (disc in 2D) of radius 1.2–2.5 voxels at scale 1; 235–255.</summary>
internal sealed class SyntheticLesion(int label, double z, double y, double x, double radius)
    : SyntheticObject(label, z, y, x, radius + 1)
{
    public const double IntensityMin = 235;
    public const double IntensityMax = 255;

    public override bool Contains(int z, int y, int x) => DistanceSquared(z, y, x) <= radius * radius;

    public override double Intensity(int z, int y, int x) =>
        IntensityMin + (IntensityMax - IntensityMin) * (1 - Math.Sqrt(DistanceSquared(z, y, x)) / radius);

    private double DistanceSquared(int z, int y, int x) => (z - Z) * (z - Z) + (y - Y) * (y - Y) + (x - X) * (x - X);
}
