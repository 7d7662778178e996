namespace MLSegmentation.Transforms;

/// <summary>
/// Draws MaskSup's free-form hole masks (METHODS.md §3) procedurally: thick brush strokes, each a
/// random walk of straight segments with a random width, start, heading, turns and lengths, until the
/// covered share of the image reaches a target drawn uniformly from
/// [<see cref="HoleMaskOptions.MaskCoverageMin"/>, <see cref="HoleMaskOptions.MaskCoverageMax"/>].
/// </summary>
/// <remarks>
/// Drawing stops at the pixel that reaches the target, so the coverage is the target rounded up to a whole
/// pixel. A mask is a pure function of (seed, sample index, size): the same sample gets the same mask
/// on any thread; pass a different index (say epoch × dataset size + sample) for a fresh mask each time a
/// sample is loaded. Instances are immutable and thread-safe.
/// </remarks>
public sealed class HoleMaskGenerator
{
    /// <summary>The <see cref="SampleRandom"/> purpose key of hole masks.</summary>
    public const long RandomPurpose = 0x4D41534B; // "MASK"

    private readonly HoleMaskOptions _options;
    private readonly long _seed;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Coverage and brush options; the defaults when null.</param>
    /// <param name="seed">The run's seed.</param>
    public HoleMaskGenerator(HoleMaskOptions? options, long seed)
    {
        _options = options ?? new HoleMaskOptions();
        _options.Validate();
        _seed = seed;
    }

    /// <summary>The mask for one draw: a one-channel image [1, height, width] with 1 on holes and 0 elsewhere.</summary>
    public Image Generate(int height, int width, long sampleIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var random = new SampleRandom(_seed, sampleIndex, RandomPurpose);
        var mask = new float[height * width];
        long target = (long)Math.Ceiling(random.Uniform(_options.MaskCoverageMin, _options.MaskCoverageMax) * mask.Length);
        var canvas = new Canvas(mask, height, width, target);
        int shortSide = Math.Min(height, width);
        int longSide = Math.Max(height, width);
        while (!canvas.Done)
        {
            double radius = Math.Max(1.0, 0.5 * shortSide * random.Uniform(_options.BrushWidthMin, _options.BrushWidthMax));
            double y = random.Uniform(0, height - 1);
            double x = random.Uniform(0, width - 1);
            double heading = random.Uniform(0, 2 * Math.PI);
            int segments = random.NextInt(_options.SegmentsMin, _options.SegmentsMax);
            canvas.Disc(y, x, radius);
            for (int s = 0; s < segments && !canvas.Done; s++)
            {
                heading += random.Uniform(-_options.TurnMax, _options.TurnMax);
                double length = longSide * _options.SegmentLengthMax * random.Uniform(0.2, 1.0);
                double endY = Math.Clamp(y + length * Math.Sin(heading), 0, height - 1);
                double endX = Math.Clamp(x + length * Math.Cos(heading), 0, width - 1);
                canvas.Line(y, x, endY, endX, radius);
                (y, x) = (endY, endX);
            }
        }

        return new Image(1, [height, width], mask);
    }

    /// <summary>Paints discs and thick lines until a pixel count is reached.</summary>
    private sealed class Canvas(float[] mask, int height, int width, long target)
    {
        private long _covered;

        public bool Done => _covered >= target;

        public void Line(double y0, double x0, double y1, double x1, double radius)
        {
            double length = Math.Sqrt((y1 - y0) * (y1 - y0) + (x1 - x0) * (x1 - x0));
            int steps = Math.Max(1, (int)Math.Ceiling(length / (0.5 * radius)));
            for (int i = 1; i <= steps && !Done; i++)
            {
                double t = (double)i / steps;
                Disc(y0 + t * (y1 - y0), x0 + t * (x1 - x0), radius);
            }
        }

        public void Disc(double cy, double cx, double radius)
        {
            int top = Math.Max(0, (int)Math.Ceiling(cy - radius));
            int bottom = Math.Min(height - 1, (int)Math.Floor(cy + radius));
            int left = Math.Max(0, (int)Math.Ceiling(cx - radius));
            int right = Math.Min(width - 1, (int)Math.Floor(cx + radius));
            double r2 = radius * radius;
            for (int y = top; y <= bottom; y++)
            {
                for (int x = left; x <= right; x++)
                {
                    int i = y * width + x;
                    if (mask[i] == 0 && (y - cy) * (y - cy) + (x - cx) * (x - cx) <= r2)
                    {
                        mask[i] = 1;
                        if (++_covered >= target)
                        {
                            return;
                        }
                    }
                }
            }
        }
    }
}
