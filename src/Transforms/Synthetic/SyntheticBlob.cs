namespace MLSegmentation.Transforms;

/// <summary>Class 1: a smooth bright blob, an ellipsoid whose radius wobbles with angle; shaded 185–215.</summary>
internal sealed class SyntheticBlob : SyntheticObject
{
    public const double IntensityMin = 185;
    public const double IntensityMax = 215;

    private readonly double _rz, _ry, _rx, _a2, _p2, _a3, _p3;

    public SyntheticBlob(int label, double z, double y, double x, double radius, bool flat, SampleRandom random)
        : base(label, z, y, x, radius * 1.8)
    {
        _ry = radius * random.Uniform(0.7, 1.3);
        _rx = radius * random.Uniform(0.7, 1.3);
        _rz = flat ? 1e9 : radius * random.Uniform(0.7, 1.3);
        _a2 = random.Uniform(0, 0.2);
        _p2 = random.Uniform(0, 2 * Math.PI);
        _a3 = random.Uniform(0, 0.15);
        _p3 = random.Uniform(0, 2 * Math.PI);
    }

    public override bool Contains(int z, int y, int x) => Relative(z, y, x) <= 1;

    public override double Intensity(int z, int y, int x) =>
        IntensityMin + (IntensityMax - IntensityMin) * (1 - Math.Clamp(Relative(z, y, x), 0, 1));

    /// <summary>Distance from the centre relative to the wobbling radius: 1 on the boundary.</summary>
    private double Relative(int z, int y, int x)
    {
        double dz = (z - Z) / _rz, dy = (y - Y) / _ry, dx = (x - X) / _rx;
        double angle = Math.Atan2(dy, dx);
        double wobble = 1 + _a2 * Math.Sin(2 * angle + _p2) + _a3 * Math.Sin(3 * angle + _p3);
        return Math.Sqrt(dz * dz + dy * dy + dx * dx) / wobble;
    }
}
