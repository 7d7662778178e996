namespace MLSegmentation.Transforms;

/// <summary>
/// Cuts a patch of a fixed size (2D or 3D) around a chosen centre: with probability
/// <c>foregroundShare</c> a random foreground voxel (label &gt; 0; CoLab uses 0.5), otherwise a random
/// in-body voxel (first channel above <c>bodyThreshold</c>, e.g. −500 HU for CT or 0 for skull-stripped
/// MRI), or any voxel when no threshold is given or nothing exceeds it. The patch is shifted to stay inside
/// the volume (so the centre voxel is always in it) and zero-padded where the volume is smaller. Every
/// choice comes from the <see cref="SampleRandom"/> given, so a patch is a pure function of (seed, sample index).
/// </summary>
/// <param name="patchSize">Patch size: [height, width] or [depth, height, width].</param>
/// <param name="foregroundShare">Share of patches centred on foreground, in [0, 1]. Default 0.5.</param>
/// <param name="bodyThreshold">Intensity above which a voxel is in the body; null to draw the other patches anywhere.</param>
public sealed class ForegroundPatchSampler(IReadOnlyList<int> patchSize, double foregroundShare = 0.5, double? bodyThreshold = null) : ISampleTransform
{
    private readonly int[] _size = Validate(patchSize, foregroundShare);

    /// <summary>The patch size.</summary>
    public IReadOnlyList<int> PatchSize => _size;

    /// <summary>Chooses a centre voxel (coordinates in <see cref="Image.Size"/> order) and says how.</summary>
    public (int[] Centre, PatchCentreKind Kind) ChooseCentre(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(random);
        Image image = sample.Image;
        bool wantForeground = random.Chance(foregroundShare);
        if (wantForeground && sample.Labels is LabelMap labels && Pick(labels.Data.AsSpan(), l => l > 0, random) is int f)
        {
            return (Coordinates(image.Size, f), PatchCentreKind.Foreground);
        }

        if (bodyThreshold is double t && Pick(image.Data.AsSpan(0, image.VoxelCount), v => v > t, random) is int b)
        {
            return (Coordinates(image.Size, b), PatchCentreKind.Body);
        }

        return (Coordinates(image.Size, random.NextInt(image.VoxelCount)), PatchCentreKind.Anywhere);
    }

    /// <inheritdoc/>
    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        ArgumentNullException.ThrowIfNull(sample);
        sample.Validate();
        if (sample.Image.Dimensions != _size.Length)
        {
            throw new ArgumentException($"A {_size.Length}D patch from a {sample.Image.Dimensions}D sample.", nameof(sample));
        }

        (int[] centre, _) = ChooseCentre(sample, random);
        int[] offset = new int[_size.Length];
        for (int a = 0; a < _size.Length; a++)
        {
            int input = sample.Image.Size[a];
            offset[a] = Math.Clamp(centre[a] - _size[a] / 2, Math.Min(0, input - _size[a]), Math.Max(0, input - _size[a]));
        }

        Image image = CutImage(sample.Image, offset);
        LabelMap? labels = null;
        if (sample.Labels is not null)
        {
            var data = new int[image.VoxelCount];
            Cut<int>(sample.Labels.Data, sample.Labels.Size, offset, data);
            labels = new LabelMap(_size, data, sample.Labels.Spacing);
        }

        IReadOnlyList<Image>? side = sample.SideData?.Select(s => CutImage(s, offset)).ToArray();
        return new SegmentationSample(image, labels, side);
    }

    private Image CutImage(Image source, int[] offset)
    {
        int plane = _size.Aggregate(1, (a, b) => a * b);
        var data = new float[source.Channels * plane];
        for (int c = 0; c < source.Channels; c++)
        {
            Cut<float>(source.Data.AsSpan(c * source.VoxelCount, source.VoxelCount), source.Size, offset, data.AsSpan(c * plane, plane));
        }

        return new Image(source.Channels, _size, data, source.Spacing);
    }

    /// <summary>Copies the window at <paramref name="offset"/> (may be negative or run past the end: zeros there).</summary>
    private void Cut<T>(ReadOnlySpan<T> source, IReadOnlyList<int> size, int[] offset, Span<T> patch)
    {
        bool flat = size.Count == 2;
        int sd = flat ? 1 : size[0], sh = size[^2], sw = size[^1];
        int pd = flat ? 1 : _size[0], ph = _size[^2], pw = _size[^1];
        int oz = flat ? 0 : offset[0], oy = offset[^2], ox = offset[^1];
        int x0 = Math.Max(0, -ox), x1 = Math.Min(pw, sw - ox);
        for (int z = 0; z < pd; z++)
        {
            int iz = z + oz;
            for (int y = 0; y < ph; y++)
            {
                int iy = y + oy;
                if (iz < 0 || iz >= sd || iy < 0 || iy >= sh || x1 <= x0)
                {
                    continue;
                }

                source.Slice((iz * sh + iy) * sw + ox + x0, x1 - x0).CopyTo(patch.Slice((z * ph + y) * pw + x0, x1 - x0));
            }
        }
    }

    private static int? Pick<T>(ReadOnlySpan<T> values, Func<T, bool> selected, SampleRandom random)
    {
        int count = 0;
        foreach (T v in values)
        {
            if (selected(v))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        int pick = random.NextInt(count);
        for (int i = 0; i < values.Length; i++)
        {
            if (selected(values[i]) && pick-- == 0)
            {
                return i;
            }
        }

        return null;
    }

    private static int[] Coordinates(IReadOnlyList<int> size, int index)
    {
        var c = new int[size.Count];
        for (int a = size.Count - 1; a >= 0; a--)
        {
            c[a] = index % size[a];
            index /= size[a];
        }

        return c;
    }

    private static int[] Validate(IReadOnlyList<int> size, double share)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (size.Count is not (2 or 3) || size.Any(s => s < 1))
        {
            throw new ArgumentException($"A patch size is 2 or 3 positive values, not [{string.Join(", ", size)}].", nameof(size));
        }

        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The foreground share lies in [0, 1].");
        }

        return [.. size];
    }
}
