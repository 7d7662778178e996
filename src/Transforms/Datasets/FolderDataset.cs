namespace MLSegmentation.Transforms;

/// <summary>
/// The 2D folder-pair layout (Kvasir-SEG, ISIC style): <c>images/</c> and <c>masks/</c> with files matched
/// by stem (<c>images/a.jpg</c> ↔ <c>masks/a.png</c>, or <c>masks/a_segmentation.png</c> with a mask suffix),
/// PNG or JPEG images, masks as class indices or 0/255 binary (auto-detected, mapped to 0/1), and an
/// optional <c>classes.txt</c> or <c>classes.json</c> beside the two folders. Without one, the classes are inferred
/// from the masks' values (<see cref="InferredClassNames"/>) and <see cref="DatasetOptions.Warning"/> says so once.
/// </summary>
public static class FolderDataset
{
    /// <summary>Lists the pairs under <paramref name="root"/>; nothing is decoded until a sample is loaded.</summary>
    /// <exception cref="DatasetException">
    /// A folder is missing or empty, an image has no mask (or a mask no image), two images share a stem,
    /// or a file has an unknown format; with <see cref="DatasetOptions.SkipBadSamples"/> the file is skipped
    /// and reported instead (an empty result still throws).
    /// </exception>
    public static FileSegmentationDataset Open(string root, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new DatasetOptions();
        string imagesDir = Path.Combine(root, options.ImagesFolder);
        string masksDir = Path.Combine(root, options.MasksFolder);
        foreach (string dir in new[] { imagesDir, masksDir })
        {
            if (!Directory.Exists(dir))
            {
                throw new DatasetException(dir, "folder not found (the folder layout needs images/ and masks/ side by side)", null);
            }
        }

        var skips = new SkipList(options);
        Dictionary<string, string> images = ListByStem(imagesDir, "", skips);
        Dictionary<string, string> masks = ListByStem(masksDir, options.MaskSuffix, skips);
        if (images.Count == 0)
        {
            throw new DatasetException(imagesDir, "empty folder: no PNG or JPEG images", null);
        }

        var samples = new List<SampleInfo>();
        foreach ((string stem, string image) in images.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (masks.TryGetValue(stem, out string? mask))
            {
                samples.Add(new SampleInfo(stem, [image], mask));
            }
            else
            {
                skips.Report(image, $"image without a mask (expected '{Path.Combine(masksDir, stem + options.MaskSuffix)}.png')");
            }
        }

        foreach ((string stem, string mask) in masks.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!images.ContainsKey(stem))
            {
                skips.Report(mask, "mask without an image");
            }
        }

        if (samples.Count == 0)
        {
            throw new DatasetException(imagesDir, "no usable image/mask pairs (every sample was skipped)", null);
        }

        IReadOnlyList<string> classes = options.ClassNames
            ?? (ClassNamesFile.Find(root) is string file ? ClassNamesFile.Read(file) : Infer(samples, options, masksDir));
        return new FileSegmentationDataset(samples, classes, options.MaskEncoding, skips.Skipped);
    }

    private static IReadOnlyList<string> Infer(List<SampleInfo> samples, DatasetOptions options, string masksDir)
    {
        (IReadOnlyList<string> names, IReadOnlyList<int> values) = InferredClassNames.FromMasks([.. samples.Select(s => s.MaskPath!)], options.MaskEncoding, masksDir);
        options.Warning?.Invoke($"{masksDir}: no classes.txt or classes.json; the masks hold the values {string.Join(", ", values)}, " +
            $"so the classes are {string.Join(", ", names)} (add a classes.txt, one name per line, to name them)");
        return names;
    }

    private static Dictionary<string, string> ListByStem(string dir, string suffix, SkipList skips)
    {
        var byStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            if (SampleFiles.IsHidden(path))
            {
                continue;
            }

            if (SampleFiles.KnownExtension(path) is not (".png" or ".jpg" or ".jpeg"))
            {
                skips.Report(path, $"unknown format (extension '{Path.GetExtension(path)}'); the folder layout reads PNG and JPEG");
                continue;
            }

            string stem = SampleFiles.Stem(path);
            if (suffix.Length > 0)
            {
                if (!stem.EndsWith(suffix, StringComparison.Ordinal))
                {
                    skips.Report(path, $"mask name does not end with '{suffix}'");
                    continue;
                }

                stem = stem[..^suffix.Length];
            }

            if (!byStem.TryAdd(stem, path))
            {
                skips.Report(path, $"two files share the stem '{stem}' (the other is '{byStem[stem]}')");
            }
        }

        return byStem;
    }
}
