using System.Globalization;
using System.Text.Json;

namespace MLSegmentation.Transforms;

/// <summary>
/// The library's synthetic segmentation benchmark: objects of up to four classes (1 blobs, 2 textured
/// polygons, 3 thin curved structures, 4 small lesions) on a heterogeneous, procedurally textured
/// background, with exact labels, in 2D or 3D. A sample is a pure function of (seed, index, options).
/// </summary>
/// <remarks>
/// Without noise and texture every class has its own intensity range (background 90, blobs 185–215,
/// polygons 20–44, thin structures 150–170, lesions 235–255), so the task is learnable; the knobs of
/// <see cref="SyntheticOptions"/> make it harder in the ways the three methods target: background
/// distractors (<see cref="SyntheticOptions.BackgroundHeterogeneity"/>, <see cref="SyntheticOptions.Distractors"/>), small and
/// rare objects (<see cref="SyntheticOptions.ObjectScale"/>, <see cref="SyntheticOptions.LesionProbability"/>), occlusion
/// (<see cref="SyntheticOptions.Occlusion"/>, <see cref="SyntheticOptions.Occluders"/>) and crowded images
/// (<see cref="SyntheticOptions.ObjectsPerClass"/>); <see cref="SyntheticOptions.ForTask"/> gives one preset per method's claim.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class SyntheticDatasetGenerator
{
    /// <summary>The <see cref="SampleRandom"/> purpose key of synthetic samples.</summary>
    public const long RandomPurpose = 0x53594E54; // "SYNT"

    /// <summary>Background intensity before texture.</summary>
    public const double BackgroundIntensity = 90;

    private static readonly string[] AllClassNames = ["background", "blob", "shape", "thin", "lesion"];

    private readonly SyntheticOptions _options;
    private readonly long _seed;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">The knobs; the defaults when null.</param>
    /// <param name="seed">The dataset's seed.</param>
    public SyntheticDatasetGenerator(SyntheticOptions? options, long seed)
    {
        _options = options ?? new SyntheticOptions();
        _options.Validate();
        _seed = seed;
    }

    /// <summary>The class names, index = class: background, blob, shape, thin, lesion (the first <see cref="SyntheticOptions.ClassCount"/>).</summary>
    public IReadOnlyList<string> ClassNames => AllClassNames[.._options.ClassCount];

    /// <summary>Sample number <paramref name="index"/>.</summary>
    public SyntheticSample Generate(long index)
    {
        var random = new SampleRandom(_seed, index, RandomPurpose);
        int depth = _options.Depth, height = _options.Height, width = _options.Width;
        var intensity = new double[depth * height * width];
        var labels = new int[intensity.Length];
        PaintBackground(random, intensity);
        List<SyntheticObject> objects = PlaceObjects(random);
        foreach (SyntheticObject o in objects)
        {
            Paint(o, intensity, labels);
        }

        PaintOccluders(random, objects, intensity, labels);

        var pixels = new float[intensity.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            double v = intensity[i] + _options.NoiseSigma * random.NextGaussian();
            pixels[i] = (float)Math.Clamp(Math.Round(v), 0, 255);
        }

        int[] size = depth == 1 ? [height, width] : [depth, height, width];
        return new SyntheticSample(new Image(1, size, pixels), new LabelMap(size, labels));
    }

    /// <summary>
    /// Writes samples <paramref name="firstIndex"/> … <paramref name="firstIndex"/> + <paramref name="count"/> − 1
    /// to <paramref name="folder"/>. 2D: <c>images/case_NNNN.png</c> and <c>masks/case_NNNN.png</c> (8-bit, class
    /// indices) plus <c>classes.txt</c> (one name per line, line number = class). 3D: the Decathlon layout,
    /// <c>imagesTr/case_NNNN_0000.nii.gz</c>, <c>labelsTr/case_NNNN.nii.gz</c> and <c>dataset.json</c>.
    /// </summary>
    public void WriteFolder(string folder, int count, long firstIndex = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        bool volumes = _options.Depth > 1;
        string images = Path.Combine(folder, volumes ? "imagesTr" : "images");
        string masks = Path.Combine(folder, volumes ? "labelsTr" : "masks");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        var names = new List<string>();
        for (long i = firstIndex; i < firstIndex + count; i++)
        {
            SyntheticSample sample = Generate(i);
            string name = string.Create(CultureInfo.InvariantCulture, $"case_{i:D4}");
            names.Add(name);
            if (volumes)
            {
                NiftiHeader header = NiftiHeader.Create([_options.Width, _options.Height, _options.Depth], NiftiDataType.UInt8);
                NiftiFile.WriteImage(Path.Combine(images, name + "_0000.nii.gz"), header, sample.Image);
                NiftiFile.WriteLabels(Path.Combine(masks, name + ".nii.gz"), sample.Labels, header);
            }
            else
            {
                PngFile.WriteImage(Path.Combine(images, name + ".png"), sample.Image);
                PngFile.WriteLabels(Path.Combine(masks, name + ".png"), sample.Labels);
            }
        }

        if (volumes)
        {
            var dataset = new Dictionary<string, object>
            {
                ["name"] = "MLSegmentationSynthetic",
                ["modality"] = new Dictionary<string, string> { ["0"] = "synthetic" },
                ["labels"] = ClassNames.Select((n, i) => (n, i)).ToDictionary(p => p.i.ToString(CultureInfo.InvariantCulture), p => p.n),
                ["numTraining"] = count,
                ["file_ending"] = ".nii.gz",
                ["training"] = names.Select(n => new Dictionary<string, string> { ["image"] = $"./imagesTr/{n}.nii.gz", ["label"] = $"./labelsTr/{n}.nii.gz" }).ToArray(),
            };
            File.WriteAllText(Path.Combine(folder, "dataset.json"), JsonSerializer.Serialize(dataset));
        }
        else
        {
            File.WriteAllLines(Path.Combine(folder, "classes.txt"), ClassNames);
        }
    }

    private void PaintBackground(SampleRandom random, double[] intensity)
    {
        int depth = _options.Depth, height = _options.Height, width = _options.Width;
        double h = _options.BackgroundHeterogeneity;
        double cell = Math.Max(4, Math.Min(height, width) / 5.0);
        var coarse = new ValueNoise(depth, height, width, cell, random);
        var fine = new ValueNoise(depth, height, width, cell / 3, random);
        int distractors = (int)Math.Round(h * 6);
        var bumps = new (double Z, double Y, double X, double Radius, double Amplitude)[distractors];
        for (int i = 0; i < distractors; i++)
        {
            double amplitude = random.Chance(0.6) ? h * random.Uniform(30, 60) : -h * random.Uniform(20, 50);
            bumps[i] = (random.Uniform(0, depth - 1), random.Uniform(0, height - 1), random.Uniform(0, width - 1),
                Math.Min(height, width) * random.Uniform(0.06, 0.15), amplitude);
        }

        for (int z = 0, i = 0; z < depth; z++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++, i++)
                {
                    double v = BackgroundIntensity + h * (50 * coarse.At(z, y, x) + 20 * fine.At(z, y, x));
                    foreach (var b in bumps)
                    {
                        double d2 = ((z - b.Z) * (z - b.Z) + (y - b.Y) * (y - b.Y) + (x - b.X) * (x - b.X)) / (b.Radius * b.Radius);
                        v += b.Amplitude * Math.Exp(-d2);
                    }

                    intensity[i] = v;
                }
            }
        }

        PaintDistractors(random, intensity);
    }

    /// <summary>
    /// <see cref="SyntheticOptions.Distractors"/> soft patches blending the background towards a peak drawn from the blob's
    /// intensity range, of a blob's radius: at the centre the intensity is the peak, with a Gaussian fall-off.
    /// </summary>
    private void PaintDistractors(SampleRandom random, double[] intensity)
    {
        int depth = _options.Depth, height = _options.Height, width = _options.Width;
        double scale = Scale;
        for (int k = 0; k < _options.Distractors; k++)
        {
            double cz = random.Uniform(0, depth - 1), cy = random.Uniform(0, height - 1), cx = random.Uniform(0, width - 1);
            double radius = random.Uniform(6, 11) * scale, peak = random.Uniform(SyntheticBlob.IntensityMin, SyntheticBlob.IntensityMax);
            for (int z = 0, i = 0; z < depth; z++)
            {
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++, i++)
                    {
                        double d2 = ((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx)) / (radius * radius);
                        intensity[i] += (peak - intensity[i]) * Math.Exp(-d2);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="SyntheticOptions.Occluders"/> flat discs (balls in 3D) of <see cref="BackgroundIntensity"/>, each centred on a
    /// visible pixel of a random blob, shape or thin structure; the labels are left as they are.
    /// </summary>
    private void PaintOccluders(SampleRandom random, List<SyntheticObject> objects, double[] intensity, int[] labels)
    {
        List<SyntheticObject> targets = objects.FindAll(o => o.Label is >= 1 and <= 3);
        if (targets.Count == 0)
        {
            return;
        }

        int height = _options.Height, width = _options.Width;
        for (int k = 0; k < _options.Occluders; k++)
        {
            SyntheticObject o = targets[random.NextInt(targets.Count)];
            List<int> visible = [.. Box(o).Where(i => labels[i] == o.Label)];
            if (visible.Count == 0)
            {
                continue;
            }

            int centre = visible[random.NextInt(visible.Count)];
            int cz = centre / (height * width), cy = centre / width % height, cx = centre % width;
            double radius = Math.Max(1.5, random.Uniform(0.3, 0.5) * o.Extent);
            foreach (int i in Box(cz, cy, cx, radius))
            {
                int z = i / (height * width), y = i / width % height, x = i % width;
                if ((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx) <= radius * radius)
                {
                    intensity[i] = BackgroundIntensity;
                }
            }
        }
    }

    private List<SyntheticObject> PlaceObjects(SampleRandom random)
    {
        bool flat = _options.Depth == 1;
        double scale = Scale;
        var kinds = new List<int>();
        for (int label = 1; label < _options.ClassCount; label++)
        {
            int count = _options.ObjectsPerClass > 0 ? _options.ObjectsPerClass
                : label == 4 ? (random.Chance(_options.LesionProbability) ? random.NextInt(1, 3) : 0) : random.NextInt(1, 2);
            kinds.AddRange(Enumerable.Repeat(label, count));
        }

        for (int i = kinds.Count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (kinds[i], kinds[j]) = (kinds[j], kinds[i]);
        }

        var placed = new List<SyntheticObject>();
        foreach (int label in kinds)
        {
            double extent = label switch
            {
                1 => 1.8 * 9 * scale,
                2 => 10 * scale,
                3 => 0.75 * 35 * scale,
                _ => 3 * scale,
            };
            (double z, double y, double x) = Centre(random, placed, extent);
            SyntheticObject o = label switch
            {
                1 => new SyntheticBlob(label, z, y, x, random.Uniform(6, 11) * scale, flat, random),
                2 => new SyntheticPolygon(label, z, y, x, random.Uniform(7, 12) * scale, random),
                3 => new SyntheticTube(label, z, y, x, random.Uniform(25, 45) * scale, flat, random),
                _ => new SyntheticLesion(label, z, y, x, Math.Max(0.8, random.Uniform(1.2, 2.5) * scale)),
            };
            placed.Add(o);
        }

        return placed;
    }

    /// <summary>
    /// An object's centre: with probability <see cref="SyntheticOptions.Occlusion"/> near an earlier object
    /// (so the new one hides part of it), else the first of 20 random positions whose box overlaps no earlier box.
    /// </summary>
    private (double Z, double Y, double X) Centre(SampleRandom random, List<SyntheticObject> placed, double extent)
    {
        int depth = _options.Depth, height = _options.Height, width = _options.Width;
        double Along(int size) => size == 1 ? 0 : random.Uniform(Math.Min(extent * 0.5, size / 2.0), Math.Max(size - 1 - extent * 0.5, size / 2.0));
        if (placed.Count > 0 && random.Chance(_options.Occlusion))
        {
            SyntheticObject other = placed[random.NextInt(placed.Count)];
            double offset = random.Uniform(0.3, 0.8) * (other.Extent + extent) / 2;
            double angle = random.Uniform(0, 2 * Math.PI);
            return (other.Z, Math.Clamp(other.Y + offset * Math.Sin(angle), 0, height - 1), Math.Clamp(other.X + offset * Math.Cos(angle), 0, width - 1));
        }

        (double Z, double Y, double X) best = (0, 0, 0);
        for (int attempt = 0; attempt < 20; attempt++)
        {
            best = (Along(depth), Along(height), Along(width));
            (double bz, double by, double bx) = best;
            bool free = placed.TrueForAll(o =>
                Math.Abs(o.Y - by) > o.Extent + extent || Math.Abs(o.X - bx) > o.Extent + extent || (depth > 1 && Math.Abs(o.Z - bz) > o.Extent + extent));
            if (free)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>Objects' sizes relative to the defaults: <see cref="SyntheticOptions.ObjectScale"/> at 64 pixels, in proportion to the smaller side.</summary>
    private double Scale => _options.ObjectScale * Math.Min(_options.Height, _options.Width) / 64.0;

    private void Paint(SyntheticObject o, double[] intensity, int[] labels)
    {
        int height = _options.Height, width = _options.Width;
        foreach (int i in Box(o))
        {
            int z = i / (height * width), y = i / width % height, x = i % width;
            if (o.Contains(z, y, x))
            {
                intensity[i] = o.Intensity(z, y, x);
                labels[i] = o.Label;
            }
        }
    }

    /// <summary>The voxel indices of <paramref name="o"/>'s bounding box, clipped to the image, in storage order.</summary>
    private IEnumerable<int> Box(SyntheticObject o) => Box(o.Z, o.Y, o.X, o.Extent);

    /// <summary>The voxel indices of the box of half-size <paramref name="extent"/> around (z, y, x), clipped to the image, in storage order.</summary>
    private IEnumerable<int> Box(double cz, double cy, double cx, double extent)
    {
        int depth = _options.Depth, height = _options.Height, width = _options.Width;
        int z0 = Math.Max(0, (int)Math.Floor(cz - extent)), z1 = Math.Min(depth - 1, (int)Math.Ceiling(cz + extent));
        int y0 = Math.Max(0, (int)Math.Floor(cy - extent)), y1 = Math.Min(height - 1, (int)Math.Ceiling(cy + extent));
        int x0 = Math.Max(0, (int)Math.Floor(cx - extent)), x1 = Math.Min(width - 1, (int)Math.Ceiling(cx + extent));
        for (int z = z0; z <= z1; z++)
        {
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    yield return (z * height + y) * width + x;
                }
            }
        }
    }
}
