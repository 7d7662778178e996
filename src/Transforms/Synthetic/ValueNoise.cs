namespace MLSegmentation.Transforms;

/// <summary>Smooth procedural texture: random values on a coarse lattice, interpolated with smoothstep weights; values in [−1, 1].</summary>
internal sealed class ValueNoise
{
    private readonly double[] _lattice;
    private readonly int _ny, _nx;
    private readonly double _cell;

    public ValueNoise(int depth, int height, int width, double cell, SampleRandom random)
    {
        _cell = cell;
        int nz = (int)(depth / cell) + 2;
        _ny = (int)(height / cell) + 2;
        _nx = (int)(width / cell) + 2;
        _lattice = new double[nz * _ny * _nx];
        for (int i = 0; i < _lattice.Length; i++)
        {
            _lattice[i] = random.Uniform(-1, 1);
        }
    }

    public double At(int z, int y, int x)
    {
        double fz = z / _cell, fy = y / _cell, fx = x / _cell;
        int iz = (int)fz, iy = (int)fy, ix = (int)fx;
        double tz = Smooth(fz - iz), ty = Smooth(fy - iy), tx = Smooth(fx - ix);
        double sum = 0;
        for (int dz = 0; dz < 2; dz++)
        {
            for (int dy = 0; dy < 2; dy++)
            {
                for (int dx = 0; dx < 2; dx++)
                {
                    double w = (dz == 0 ? 1 - tz : tz) * (dy == 0 ? 1 - ty : ty) * (dx == 0 ? 1 - tx : tx);
                    sum += w * _lattice[((iz + dz) * _ny + iy + dy) * _nx + ix + dx];
                }
            }
        }

        return sum;
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);
}
