using System.Text;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Transforms;
using SkiaSharp;

namespace MLSegmentation.Reporting.Overlays;

/// <summary>
/// Overlay pictures: the image in grey (windowed to its intensity range), the truth and the prediction over it in
/// <see cref="ClassPalette"/> colours, side by side (image | truth | prediction), each class filled translucently
/// with its outline opaque (image | prediction for samples without truth). 3D samples show the axial slice with the
/// most true (else predicted) foreground. Drawn with SkiaSharp, the panel titles in <see cref="ReportFont"/>.
/// </summary>
public static class MaskOverlay
{
    /// <summary>Opacity of a class's fill over the image.</summary>
    public const double FillOpacity = 0.45;

    /// <summary>Pixels between and around the panels.</summary>
    public const int Gap = 4;

    /// <summary>Height of the strip with the panel titles.</summary>
    public const int Header = 14;

    /// <summary>Size of the panel titles in pixels.</summary>
    public const double TitleSize = 11;

    private static readonly Rgb Background = Rgb.Grey(32);
    private static readonly string[] Titles = ["image", "truth", "prediction"];

    /// <summary>Indices of up to <paramref name="max"/> samples spread evenly over <paramref name="count"/>, always the same.</summary>
    public static int[] Choose(int count, int max = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        int n = Math.Min(count, max);
        return [.. Enumerable.Range(0, n).Select(i => (int)((long)i * count / n))];
    }

    /// <summary>Overlay samples of up to <paramref name="max"/> images of <paramref name="dataset"/> (see <see cref="Choose"/>) with <paramref name="model"/>'s predictions.</summary>
    /// <exception cref="ArgumentException">A chosen sample has no label map.</exception>
    public static List<OverlaySample> Predict(SegmentationModel model, ISegmentationDataset dataset, int max = 8)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        int[] chosen = Choose(dataset.Count, max);
        List<SegmentationSample> samples = [.. chosen.Select(dataset.Load)];
        List<LabelMap> predictions = [.. model.Transform(samples.Select(s => s.Image))];
        return [.. chosen.Select((index, k) => new OverlaySample(dataset.GetInfo(index).Id, samples[k].Image,
            samples[k].Labels ?? throw new ArgumentException($"{dataset.GetInfo(index)} has no label map", nameof(dataset)), predictions[k]))];
    }

    /// <summary>Whole-pixel magnification that makes a panel at least 128 pixels on its longer side (at most 8).</summary>
    public static int Magnification(int height, int width) => Math.Clamp((int)Math.Ceiling(128.0 / Math.Max(height, width)), 1, 8);

    /// <summary>The top-left pixel of panel <paramref name="panel"/> (0 image, 1 truth, 2 prediction; 0 image, 1 prediction without truth) for slices <paramref name="width"/> wide at <paramref name="magnification"/>.</summary>
    public static (int X, int Y) PanelOrigin(int panel, int width, int magnification) => (Gap + panel * (width * magnification + Gap), Header);

    /// <summary>The overlay picture of <paramref name="sample"/> as a new opaque bitmap, which the caller disposes.</summary>
    /// <exception cref="ArgumentException">The label maps and image disagree in size; the message names the sample.</exception>
    public static SKBitmap Render(OverlaySample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if ((sample.Truth is not null && !sample.Truth.Size.SequenceEqual(sample.Image.Size)) || !sample.Prediction.Size.SequenceEqual(sample.Image.Size))
            throw new ArgumentException($"sample '{sample.Id}': image {string.Join('x', sample.Image.Size)}, truth {(sample.Truth is null ? "none" : string.Join('x', sample.Truth.Size))} and prediction {string.Join('x', sample.Prediction.Size)} differ in size", nameof(sample));
        int h = sample.Image.Height, w = sample.Image.Width, plane = h * w, m = Magnification(h, w);
        LabelMap?[] maps = sample.Truth is null ? [null, sample.Prediction] : [null, sample.Truth, sample.Prediction];
        string[] titles = sample.Truth is null ? [Titles[0], Titles[2]] : Titles;
        int offset = Slice(sample.Truth ?? sample.Prediction) * plane;
        ReadOnlySpan<float> pixels = sample.Image.Data.AsSpan(offset, plane);
        var (lo, hi) = Window(pixels);
        SKBitmap picture = ReportPng.Create(PanelOrigin(maps.Length, w, m).X, Header + h * m + Gap);
        using var canvas = new SKCanvas(picture);
        canvas.Clear(Background.ToSKColor());
        using SKFont font = ReportFont.Font(TitleSize);
        using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
        var colors = new SKColor[plane];
        using SKBitmap panelPixels = ReportPng.Create(w, h);
        for (int panel = 0; panel < maps.Length; panel++)
        {
            var (x0, y0) = PanelOrigin(panel, w, m);
            canvas.DrawText(titles[panel], x0, Header - 3, font, ink);
            ReadOnlySpan<int> labels = maps[panel] is LabelMap map ? map.Data.AsSpan(offset, plane) : default;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    Rgb color = Rgb.Grey(hi > lo ? (byte)Math.Round(255 * Math.Clamp((pixels[y * w + x] - lo) / (hi - lo), 0, 1)) : (byte)0);
                    int label = labels.IsEmpty ? 0 : labels[y * w + x];
                    if (label > 0) color = color.Blend(ClassPalette.Of(label), Outline(labels, w, h, x, y) ? 1 : FillOpacity);
                    colors[y * w + x] = color.ToSKColor();
                }
            }

            panelPixels.Pixels = colors;
            // Nearest-neighbour magnification: each image pixel becomes an m×m block of one colour.
            canvas.DrawBitmap(panelPixels, SKRect.Create(x0, y0, w * m, h * m));
        }

        return picture;
    }

    /// <summary>Writes one PNG per sample into <paramref name="folder"/> (<c>NN-id.png</c>); returns the file names in sample order.</summary>
    public static List<string> Write(string folder, IEnumerable<OverlaySample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Directory.CreateDirectory(folder);
        var names = new List<string>();
        foreach (OverlaySample sample in samples)
        {
            string name = $"{names.Count:00}-{FileStem(sample.Id)}.png";
            using SKBitmap picture = Render(sample);
            ReportPng.Write(Path.Combine(folder, name), picture);
            names.Add(name);
        }

        return names;
    }

    /// <summary>The axial slice to draw: the one with the most foreground in <paramref name="labels"/>, the middle one when none has any.</summary>
    internal static int Slice(LabelMap labels)
    {
        int plane = labels.Height * labels.Width, best = labels.Depth / 2, bestCount = 0;
        for (int z = 0; z < labels.Depth; z++)
        {
            int count = 0;
            foreach (int label in labels.Data.AsSpan(z * plane, plane)) count += label > 0 ? 1 : 0;
            if (count > bestCount) (best, bestCount) = (z, count);
        }

        return best;
    }

    private static (float Lo, float Hi) Window(ReadOnlySpan<float> pixels)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (float v in pixels)
        {
            if (!float.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        return (lo, hi);
    }

    /// <summary>Whether a 4-neighbour inside the slice has another label.</summary>
    private static bool Outline(ReadOnlySpan<int> labels, int w, int h, int x, int y)
    {
        int label = labels[y * w + x];
        return (x > 0 && labels[y * w + x - 1] != label) || (x + 1 < w && labels[y * w + x + 1] != label)
            || (y > 0 && labels[(y - 1) * w + x] != label) || (y + 1 < h && labels[(y + 1) * w + x] != label);
    }

    private static string FileStem(string id)
    {
        var stem = new StringBuilder(id.Length);
        foreach (char c in id) stem.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return stem.ToString();
    }
}
