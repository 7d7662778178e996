namespace MLSegmentation.Transforms;

/// <summary>Class 2: a dark striped triangle or rectangle (a prism through the slices of a volume); 20–44.</summary>
internal sealed class SyntheticPolygon : SyntheticObject
{
    public const double IntensityMin = 20;
    public const double IntensityMax = 44;

    private readonly (double Y, double X)[] _corners;
    private readonly double _halfDepth, _stripeCos, _stripeSin, _stripePeriod;

    public SyntheticPolygon(int label, double z, double y, double x, double radius, SampleRandom random)
        : base(label, z, y, x, radius * 1.05)
    {
        int sides = random.Chance(0.5) ? 3 : 4;
        double rotation = random.Uniform(0, 2 * Math.PI);
        _corners = new (double, double)[sides];
        for (int i = 0; i < sides; i++)
        {
            double angle = rotation + 2 * Math.PI * i / sides + random.Uniform(-0.25, 0.25);
            _corners[i] = (y + radius * Math.Sin(angle), x + radius * Math.Cos(angle));
        }

        _halfDepth = radius * random.Uniform(0.5, 1.0);
        double stripeAngle = random.Uniform(0, Math.PI);
        (_stripeSin, _stripeCos) = Math.SinCos(stripeAngle);
        _stripePeriod = random.Uniform(3, 5);
    }

    public override bool Contains(int z, int y, int x) => Math.Abs(z - Z) <= _halfDepth && InPolygon(y, x);

    public override double Intensity(int z, int y, int x)
    {
        double phase = (x * _stripeCos + y * _stripeSin) * 2 * Math.PI / _stripePeriod;
        return 0.5 * (IntensityMin + IntensityMax) + 0.5 * (IntensityMax - IntensityMin) * Math.Sin(phase);
    }

    /// <summary>Convex polygon test: the point is on the inner side of every edge (corners run counter-clockwise in (x, y)).</summary>
    private bool InPolygon(double y, double x)
    {
        for (int i = 0; i < _corners.Length; i++)
        {
            (double y0, double x0) = _corners[i];
            (double y1, double x1) = _corners[(i + 1) % _corners.Length];
            if ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
