namespace MLSegmentation.Transforms;

/// <summary>Class 3: a thin curved structure (vessel-like), a tube of radius 0.8–1.4 voxels around a quadratic Bézier curve; 150–170.</summary>
internal sealed class SyntheticTube : SyntheticObject
{
    public const double IntensityMin = 150;
    public const double IntensityMax = 170;
    private const int Points = 24;

    private readonly (double Z, double Y, double X)[] _path = new (double, double, double)[Points];
    private readonly double _radius;

    public SyntheticTube(int label, double z, double y, double x, double length, bool flat, SampleRandom random)
        : base(label, z, y, x, length * 0.75 + 2)
    {
        _radius = random.Uniform(0.8, 1.4);
        (double Z, double Y, double X) Point(double scale)
        {
            double angle = random.Uniform(0, 2 * Math.PI);
            double dz = flat ? 0 : random.Uniform(-0.5, 0.5) * scale;
            return (z + dz, y + scale * Math.Sin(angle), x + scale * Math.Cos(angle));
        }

        var start = Point(length / 2);
        var end = (2 * z - start.Z, 2 * y - start.Y, 2 * x - start.X);
        var control = Point(length / 4);
        for (int i = 0; i < Points; i++)
        {
            double t = (double)i / (Points - 1);
            double a = (1 - t) * (1 - t), b = 2 * t * (1 - t), c = t * t;
            _path[i] = (a * start.Z + b * control.Z + c * end.Item1, a * start.Y + b * control.Y + c * end.Item2, a * start.X + b * control.X + c * end.Item3);
        }
    }

    public override bool Contains(int z, int y, int x) => DistanceSquared(z, y, x) <= _radius * _radius;

    public override double Intensity(int z, int y, int x) =>
        0.5 * (IntensityMin + IntensityMax) + 0.5 * (IntensityMax - IntensityMin) * Math.Sin((x + y + z) / 3.0);

    /// <summary>Squared distance from the point to the polyline through the curve's samples.</summary>
    private double DistanceSquared(double z, double y, double x)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i + 1 < Points; i++)
        {
            (double z0, double y0, double x0) = _path[i];
            (double z1, double y1, double x1) = _path[i + 1];
            double vz = z1 - z0, vy = y1 - y0, vx = x1 - x0;
            double len2 = vz * vz + vy * vy + vx * vx;
            double t = len2 > 0 ? Math.Clamp(((z - z0) * vz + (y - y0) * vy + (x - x0) * vx) / len2, 0, 1) : 0;
            double dz = z - (z0 + t * vz), dy = y - (y0 + t * vy), dx = x - (x0 + t * vx);
            best = Math.Min(best, dz * dz + dy * dy + dx * dx);
        }

        return best;
    }
}
