using System.Globalization;
using System.Text.Json;

namespace MLSegmentation.Transforms;

/// <summary>
/// The Medical Segmentation Decathlon / nnU-Net layout: <c>dataset.json</c> with <c>labels</c>
/// (Decathlon's "index": "name" or nnU-Net v2's "name": index), <c>modality</c> or <c>channel_names</c>,
/// an optional <c>training</c> list and <c>file_ending</c>; NIfTI volumes in <c>imagesTr/</c> (one file per
/// modality, <c>case_0000.nii.gz</c>, <c>case_0001.nii.gz</c>, …, or one 4D file per case) with labels in
/// <c>labelsTr/</c>, and unlabelled cases in <c>imagesTs/</c>.
/// </summary>
public sealed class DecathlonDataset
{
    private DecathlonDataset(string name, IReadOnlyList<string> modalities, FileSegmentationDataset training, FileSegmentationDataset test)
    {
        Name = name;
        Modalities = modalities;
        Training = training;
        Test = test;
    }

    /// <summary>The dataset's name from dataset.json (empty when absent).</summary>
    public string Name { get; }

    /// <summary>Modality (channel) names, in channel order.</summary>
    public IReadOnlyList<string> Modalities { get; }

    /// <summary>The labelled training cases (imagesTr + labelsTr).</summary>
    public FileSegmentationDataset Training { get; }

    /// <summary>The unlabelled test cases (imagesTs); empty when there are none.</summary>
    public FileSegmentationDataset Test { get; }

    /// <summary>Reads <c>dataset.json</c> under <paramref name="root"/> and lists the cases; volumes are decoded on access.</summary>
    /// <exception cref="DatasetException">dataset.json is missing or malformed, a listed file or a modality is missing, a case has no label, or imagesTr is empty; with <see cref="DatasetOptions.SkipBadSamples"/> bad cases are skipped and reported instead.</exception>
    public static DecathlonDataset Open(string root, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new DatasetOptions();
        string jsonPath = Path.Combine(root, "dataset.json");
        if (!File.Exists(jsonPath))
        {
            throw new DatasetException(jsonPath, "file not found (the Decathlon layout needs dataset.json)", null);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        }
        catch (JsonException e)
        {
            throw new DatasetException(jsonPath, $"malformed JSON ({e.Message})", e);
        }

        using (doc)
        {
            JsonElement json = doc.RootElement;
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetException(jsonPath, "dataset.json must hold an object", null);
            }

            IReadOnlyList<string> classes = options.ClassNames
                ?? (json.TryGetProperty("labels", out JsonElement labels) ? ClassNamesFile.FromJson(jsonPath, labels)
                    : throw new DatasetException(jsonPath, "no \"labels\" entry", null));
            string[] modalities =
                json.TryGetProperty("channel_names", out JsonElement ch) ? ReadModalities(jsonPath, ch)
                : json.TryGetProperty("modality", out JsonElement mod) ? ReadModalities(jsonPath, mod)
                : ["image"];
            string ending = json.TryGetProperty("file_ending", out JsonElement fe) && fe.ValueKind == JsonValueKind.String ? fe.GetString()! : ".nii.gz";
            string name = json.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";

            var skips = new SkipList(options);
            string imagesTr = Path.Combine(root, "imagesTr");
            string labelsTr = Path.Combine(root, "labelsTr");
            var training = new List<SampleInfo>();
            if (json.TryGetProperty("training", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in list.EnumerateArray())
                {
                    string? image = item.TryGetProperty("image", out JsonElement im) ? im.GetString() : null;
                    string? label = item.TryGetProperty("label", out JsonElement lb) ? lb.GetString() : null;
                    if (image is null || label is null)
                    {
                        throw new DatasetException(jsonPath, "a \"training\" entry lacks \"image\" or \"label\"", null);
                    }

                    string labelPath = Resolve(root, label);
                    string imagePath = Resolve(root, image);
                    string id = SampleFiles.Stem(labelPath);
                    string[]? images = ImageFiles(imagePath, Path.GetDirectoryName(imagePath)!, id, ending, modalities.Length, skips);
                    if (images is null)
                    {
                        continue;
                    }

                    if (!File.Exists(labelPath))
                    {
                        skips.Report(images[0], $"image without a mask: label file '{labelPath}' listed in dataset.json is missing");
                        continue;
                    }

                    training.Add(new SampleInfo(id, images, labelPath));
                }
            }
            else
            {
                if (!Directory.Exists(labelsTr))
                {
                    throw new DatasetException(labelsTr, "folder not found", null);
                }

                foreach (string labelPath in Directory.EnumerateFiles(labelsTr, "*" + ending).Where(p => !SampleFiles.IsHidden(p)).Order(StringComparer.Ordinal))
                {
                    string id = labelPath[(labelsTr.Length + 1)..^ending.Length];
                    string[]? images = ImageFiles(Path.Combine(imagesTr, id + ending), imagesTr, id, ending, modalities.Length, skips);
                    if (images is not null)
                    {
                        training.Add(new SampleInfo(id, images, labelPath));
                    }
                }
            }

            // Images in imagesTr whose case is not among the training cases: an image without a mask.
            if (Directory.Exists(imagesTr))
            {
                var known = new HashSet<string>(training.SelectMany(s => s.ImagePaths).Select(Path.GetFullPath), StringComparer.Ordinal);
                var skippedFiles = new HashSet<string>(skips.Skipped.Select(s => Path.GetFullPath(s.FilePath)), StringComparer.Ordinal);
                foreach (string path in Directory.EnumerateFiles(imagesTr).Where(p => !SampleFiles.IsHidden(p)).Order(StringComparer.Ordinal))
                {
                    string full = Path.GetFullPath(path);
                    if (!known.Contains(full) && !skippedFiles.Contains(full))
                    {
                        skips.Report(path, SampleFiles.KnownExtension(path) is null
                            ? $"unknown format (extension '{Path.GetExtension(path)}'); the Decathlon layout reads NIfTI"
                            : "image without a mask (no training entry or labelsTr file for this case)");
                    }
                }
            }

            if (training.Count == 0)
            {
                throw new DatasetException(imagesTr, "empty: no training cases", null);
            }

            List<SampleInfo> test = TestCases(root, json, ending, modalities.Length, skips);
            return new DecathlonDataset(name, modalities,
                new FileSegmentationDataset(training, classes, MaskEncoding.ClassIndices, skips.Skipped),
                new FileSegmentationDataset(test, classes, MaskEncoding.ClassIndices));
        }
    }

    private static List<SampleInfo> TestCases(string root, JsonElement json, string ending, int modalities, SkipList skips)
    {
        var test = new List<SampleInfo>();
        string imagesTs = Path.Combine(root, "imagesTs");
        if (json.TryGetProperty("test", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in list.EnumerateArray())
            {
                string? image = item.ValueKind == JsonValueKind.String ? item.GetString()
                    : item.TryGetProperty("image", out JsonElement im) ? im.GetString() : null;
                if (image is null)
                {
                    continue;
                }

                string path = Resolve(root, image);
                string id = SampleFiles.Stem(path);
                if (ImageFiles(path, Path.GetDirectoryName(path)!, id, ending, modalities, skips) is string[] files)
                {
                    test.Add(new SampleInfo(id, files, null));
                }
            }
        }
        else if (Directory.Exists(imagesTs))
        {
            var ids = Directory.EnumerateFiles(imagesTs, "*_0000" + ending)
                .Where(p => !SampleFiles.IsHidden(p))
                .Select(p => p[(imagesTs.Length + 1)..^("_0000".Length + ending.Length)])
                .Order(StringComparer.Ordinal);
            foreach (string id in ids)
            {
                if (ImageFiles(Path.Combine(imagesTs, id + ending), imagesTs, id, ending, modalities, skips) is string[] files)
                {
                    test.Add(new SampleInfo(id, files, null));
                }
            }
        }

        return test;
    }

    /// <summary>
    /// A case's image files: the listed file itself when it exists (one file, possibly 4D), else
    /// <c>{id}_0000{ending}</c> … one per modality. Null (reported) when files are missing.
    /// </summary>
    private static string[]? ImageFiles(string listed, string folder, string id, string ending, int modalities, SkipList skips)
    {
        if (File.Exists(listed))
        {
            return [listed];
        }

        var files = new string[modalities];
        for (int m = 0; m < modalities; m++)
        {
            files[m] = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{id}_{m:D4}{ending}"));
            if (!File.Exists(files[m]))
            {
                skips.Report(files[m], m == 0
                    ? $"file not found (neither '{listed}' nor per-modality files exist for case '{id}')"
                    : $"file not found: modality {m} of {modalities} for case '{id}'");
                return null;
            }
        }

        return files;
    }

    private static string Resolve(string root, string relative)
    {
        string r = relative.StartsWith("./", StringComparison.Ordinal) ? relative[2..] : relative;
        return Path.IsPathRooted(r) ? r : Path.Combine(root, r);
    }

    private static string[] ReadModalities(string path, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetException(path, "\"modality\"/\"channel_names\" must be an object of \"index\": \"name\"", null);
        }

        var byIndex = new SortedDictionary<int, string>();
        foreach (JsonProperty p in element.EnumerateObject())
        {
            if (!int.TryParse(p.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) || i < 0 || !byIndex.TryAdd(i, p.Value.ToString()))
            {
                throw new DatasetException(path, $"modality key '{p.Name}' is not a distinct channel index", null);
            }
        }

        if (byIndex.Count == 0 || byIndex.Keys.Max() != byIndex.Count - 1)
        {
            throw new DatasetException(path, "modality indices must be 0, 1, 2, … without gaps", null);
        }

        return [.. byIndex.Values];
    }
}
