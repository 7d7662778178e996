namespace MLSegmentation.Transforms;

/// <summary>
/// Resamples images and label maps through an affine map from output voxel coordinates to input voxel
/// coordinates (voxel centres at integers, axes in <see cref="Image.Size"/> order).
/// </summary>
/// <remarks>
/// The map is row-major with one row per spatial axis and one column per axis plus a constant:
/// input[a] = Σ_b map[a, b]·output[b] + map[a, n]. A position is inside the input when it lies within half
/// a voxel of the grid on every axis; outside positions get the fill value. Linear interpolation clamps
/// its neighbours to the grid; nearest interpolation rounds half up. Both agree on what is inside, so a
/// label and the image pixel it belongs to always move together. An optional per-voxel displacement
/// (one array per axis, in input voxels) is added to the mapped position: that is how elastic
/// deformation reuses the same sampling.
/// </remarks>
public static class AffineWarp
{
    /// <summary>Resamples every channel of <paramref name="image"/> with linear interpolation.</summary>
    /// <param name="image">The input.</param>
    /// <param name="outputSize">Spatial size of the result (same number of axes as the input).</param>
    /// <param name="map">The output-to-input map, n × (n + 1) values.</param>
    /// <param name="interpolation">Linear for images, nearest for categorical side data.</param>
    /// <param name="fill">Value of positions outside the input.</param>
    /// <param name="displacement">Optional displacement per axis (in <see cref="Image.Size"/> order), each with one value per output voxel.</param>
    public static Image Warp(Image image, IReadOnlyList<int> outputSize, IReadOnlyList<double> map, Interpolation interpolation, float fill = 0, IReadOnlyList<float[]>? displacement = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        Grid grid = Grid.Create(image.Size, outputSize, map, displacement);
        var output = new Image(image.Channels, outputSize, spacing: OutputSpacing(image.Spacing, map));
        for (int c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> source = image.Data.AsSpan(c * image.VoxelCount, image.VoxelCount);
            Span<float> target = output.Data.AsSpan(c * output.VoxelCount, output.VoxelCount);
            grid.Sample(source, target, interpolation, fill);
        }

        return output;
    }

    /// <summary>Resamples a label map with nearest interpolation (<paramref name="displacement"/> as for images).</summary>
    public static LabelMap Warp(LabelMap labels, IReadOnlyList<int> outputSize, IReadOnlyList<double> map, int fill = 0, IReadOnlyList<float[]>? displacement = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Grid grid = Grid.Create(labels.Size, outputSize, map, displacement);
        var output = new LabelMap(outputSize, spacing: OutputSpacing(labels.Spacing, map));
        grid.SampleNearest(labels.Data, output.Data, fill);
        return output;
    }

    /// <summary>The physical length of one output step along each axis: the norm of the map's column scaled by the input spacing.</summary>
    private static double[] OutputSpacing(IReadOnlyList<double> spacing, IReadOnlyList<double> map)
    {
        int n = spacing.Count;
        var result = new double[n];
        for (int b = 0; b < n; b++)
        {
            double sum = 0;
            for (int a = 0; a < n; a++)
            {
                double step = map[a * (n + 1) + b] * spacing[a];
                sum += step * step;
            }

            result[b] = sum > 0 ? Math.Sqrt(sum) : spacing[b];
        }

        return result;
    }

    /// <summary>A 2D or 3D resampling plan, held in 3D form (a 2D grid is one slice deep).</summary>
    private sealed class Grid
    {
        private readonly int _inD, _inH, _inW, _outD, _outH, _outW;
        private readonly double[] _m;
        private readonly float[]? _dz, _dy, _dx;

        private Grid(int[] input, int[] output, double[] map3, float[]? dz, float[]? dy, float[]? dx)
        {
            (_inD, _inH, _inW) = (input[0], input[1], input[2]);
            (_outD, _outH, _outW) = (output[0], output[1], output[2]);
            _m = map3;
            (_dz, _dy, _dx) = (dz, dy, dx);
        }

        public static Grid Create(IReadOnlyList<int> inputSize, IReadOnlyList<int> outputSize, IReadOnlyList<double> map, IReadOnlyList<float[]>? displacement)
        {
            ArgumentNullException.ThrowIfNull(outputSize);
            ArgumentNullException.ThrowIfNull(map);
            int n = inputSize.Count;
            if (outputSize.Count != n || map.Count != n * (n + 1))
            {
                throw new ArgumentException($"A {n}D warp needs a {n}D output size and {n * (n + 1)} map values.", nameof(map));
            }

            int voxels = GridShape.VoxelCount(outputSize);
            if (displacement is not null && (displacement.Count != n || displacement.Any(d => d.Length != voxels)))
            {
                throw new ArgumentException($"A displacement needs {n} arrays of {voxels} values.", nameof(displacement));
            }

            if (n == 3)
            {
                return new Grid([.. inputSize], [.. outputSize], [.. map], displacement?[0], displacement?[1], displacement?[2]);
            }

            // Lift the 2D map (y, x) to 3D with an identity depth row.
            double[] m3 = [1, 0, 0, 0, 0, map[0], map[1], map[2], 0, map[3], map[4], map[5]];
            return new Grid([1, inputSize[0], inputSize[1]], [1, outputSize[0], outputSize[1]], m3, null, displacement?[0], displacement?[1]);
        }

        public void Sample(ReadOnlySpan<float> source, Span<float> target, Interpolation interpolation, float fill)
        {
            int o = 0;
            for (int z = 0; z < _outD; z++)
            {
                for (int y = 0; y < _outH; y++)
                {
                    for (int x = 0; x < _outW; x++, o++)
                    {
                        (double pz, double py, double px) = Position(z, y, x, o);
                        if (!Inside(pz, py, px))
                        {
                            target[o] = fill;
                        }
                        else if (interpolation == Interpolation.Nearest)
                        {
                            target[o] = source[Nearest(pz, py, px)];
                        }
                        else
                        {
                            target[o] = Linear(source, pz, py, px);
                        }
                    }
                }
            }
        }

        public void SampleNearest(ReadOnlySpan<int> source, Span<int> target, int fill)
        {
            int o = 0;
            for (int z = 0; z < _outD; z++)
            {
                for (int y = 0; y < _outH; y++)
                {
                    for (int x = 0; x < _outW; x++, o++)
                    {
                        (double pz, double py, double px) = Position(z, y, x, o);
                        target[o] = Inside(pz, py, px) ? source[Nearest(pz, py, px)] : fill;
                    }
                }
            }
        }

        private (double Z, double Y, double X) Position(int z, int y, int x, int o) =>
            (_m[0] * z + _m[1] * y + _m[2] * x + _m[3] + (_dz is null ? 0 : _dz[o]),
             _m[4] * z + _m[5] * y + _m[6] * x + _m[7] + (_dy is null ? 0 : _dy[o]),
             _m[8] * z + _m[9] * y + _m[10] * x + _m[11] + (_dx is null ? 0 : _dx[o]));

        private bool Inside(double z, double y, double x) =>
            z >= -0.5 && z < _inD - 0.5 && y >= -0.5 && y < _inH - 0.5 && x >= -0.5 && x < _inW - 0.5;

        private int Nearest(double z, double y, double x)
        {
            int iz = Math.Clamp((int)Math.Floor(z + 0.5), 0, _inD - 1);
            int iy = Math.Clamp((int)Math.Floor(y + 0.5), 0, _inH - 1);
            int ix = Math.Clamp((int)Math.Floor(x + 0.5), 0, _inW - 1);
            return (iz * _inH + iy) * _inW + ix;
        }

        private float Linear(ReadOnlySpan<float> source, double z, double y, double x)
        {
            int z0 = (int)Math.Floor(z), y0 = (int)Math.Floor(y), x0 = (int)Math.Floor(x);
            double tz = z - z0, ty = y - y0, tx = x - x0;
            double sum = 0;
            for (int dz = 0; dz < 2; dz++)
            {
                double wz = dz == 0 ? 1 - tz : tz;
                if (wz == 0)
                {
                    continue;
                }

                int iz = Math.Clamp(z0 + dz, 0, _inD - 1);
                for (int dy = 0; dy < 2; dy++)
                {
                    double wy = dy == 0 ? 1 - ty : ty;
                    if (wy == 0)
                    {
                        continue;
                    }

                    int iy = Math.Clamp(y0 + dy, 0, _inH - 1);
                    for (int dx = 0; dx < 2; dx++)
                    {
                        double wx = dx == 0 ? 1 - tx : tx;
                        if (wx != 0)
                        {
                            int ix = Math.Clamp(x0 + dx, 0, _inW - 1);
                            sum += wz * wy * wx * source[(iz * _inH + iy) * _inW + ix];
                        }
                    }
                }
            }

            return (float)sum;
        }
    }
}
