using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Datasets;

/// <summary>
/// The held-out inputs of MaskSup's robustness claim, as a dataset <c>mlseg experiment --evaluation-data</c> reads
/// (<c>mlseg dataset holes</c>): a copy of a 2D dataset whose images have MaskSup's free-form holes
/// (<see cref="HoleMaskGenerator"/>, sample k's mask drawn at index k with the given seed) filled with the image's mean
/// intensity (rounded): the value per-image z-scoring maps to about 0, MaskSup's fill. Masks and classes are copied unchanged.
/// </summary>
internal static class HoleMaskedDataset
{
    /// <summary>
    /// Writes the folder layout under <paramref name="output"/>: <c>images/ID.png</c> (16-bit, the source's intensities where
    /// kept), <c>masks/ID.png</c> and <c>classes.txt</c>, whole or not at all (<see cref="DatasetFolder.Write"/>).
    /// </summary>
    /// <returns>A one-line description of what was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists, the options are inconsistent, a sample is not a 2D image with a mask, or an intensity does not fit a 16-bit PNG; the message names the sample.</exception>
    public static string Write(ISegmentationDataset source, HoleMaskOptions options, long seed, string output)
    {
        ArgumentNullException.ThrowIfNull(source);
        options.Validate();
        var masks = new HoleMaskGenerator(options, seed);
        double covered = DatasetFolder.Write(output, temp =>
        {
            Directory.CreateDirectory(Path.Combine(temp, "images"));
            Directory.CreateDirectory(Path.Combine(temp, "masks"));
            File.WriteAllLines(Path.Combine(temp, "classes.txt"), source.ClassNames);
            double share = 0;
            for (int k = 0; k < source.Count; k++)
            {
                SegmentationSample sample = source.Load(k);
                string id = source.GetInfo(k).Id;
                Image image = sample.Image;
                if (image.Dimensions != 2 || sample.Labels is null)
                    throw new ArgumentException($"--data sample '{id}': holes are drawn on 2D images with a mask; this one is {image.Dimensions}D{(sample.Labels is null ? " without a mask" : "")}");
                if (image.Data.Any(v => v < 0 || v > ushort.MaxValue || v != MathF.Round(v)))
                    throw new ArgumentException($"--data sample '{id}': its intensities are not integers from 0 to 65535, which a 16-bit PNG cannot hold exactly");
                float[] hole = masks.Generate(image.Height, image.Width, k).Data;
                Image masked = image.Clone();
                int plane = image.Height * image.Width;
                for (int c = 0; c < image.Channels; c++)
                {
                    Span<float> channel = masked.Data.AsSpan(c * plane, plane);
                    float fill = MathF.Round((float)image.Data.AsSpan(c * plane, plane).ToArray().Average());
                    for (int i = 0; i < plane; i++)
                    {
                        if (hole[i] > 0.5f) channel[i] = fill;
                    }
                }
                share += hole.Count(h => h > 0.5f) / (double)plane;
                PngFile.WriteImage(Path.Combine(temp, "images", id + ".png"), masked, bitDepth: 16);
                PngFile.WriteLabels(Path.Combine(temp, "masks", id + ".png"), sample.Labels);
            }
            return share;
        });
        return string.Create(CultureInfo.InvariantCulture,
            $"{source.Count} images with hole masks (coverage {options.MaskCoverageMin:0.##}–{options.MaskCoverageMax:0.##}, mean {covered / Math.Max(1, source.Count):0.000}, seed {seed}) filled with each image's mean intensity");
    }
}
