using System.Globalization;
using System.Text.Json;

namespace MLSegmentation.Transforms;

/// <summary>
/// A dataset listed in a manifest, with paths relative to the manifest's folder (or absolute).
/// CSV: a header row with an <c>image</c> column (more modalities in further columns whose names start
/// with "image", in column order), a <c>mask</c> (or <c>label</c>) column (empty for an unlabelled sample)
/// and an optional <c>id</c> column. JSON: an array of objects <c>{"image": "a.png" or [...], "mask": "a_mask.png", "id": "a"}</c>,
/// or an object <c>{"classes": [...], "samples": [...]}</c>. Class names come from the options, the JSON
/// <c>classes</c> entry, or a classes.txt/classes.json beside the manifest.
/// </summary>
public static class ManifestDataset
{
    /// <summary>Reads the manifest at <paramref name="path"/> (.csv or .json); files are decoded on access.</summary>
    /// <exception cref="DatasetException">The manifest is missing, malformed or empty, or lists a missing or unknown-format file; with <see cref="DatasetOptions.SkipBadSamples"/> bad rows are skipped and reported instead.</exception>
    public static FileSegmentationDataset Open(string path, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DatasetOptions();
        if (!File.Exists(path))
        {
            throw new DatasetException(path, "file not found", null);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var rows = new List<(string? Id, string[] Images, string? Mask, string Where)>();
        IReadOnlyList<string>? classes = null;
        string text = SampleFiles.Guard(path, () => File.ReadAllText(path));
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            ReadCsv(path, text, rows);
        }
        else if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            classes = ReadJson(path, text, rows);
        }
        else
        {
            throw new DatasetException(path, "unknown manifest format; use .csv or .json", null);
        }

        var skips = new SkipList(options);
        var samples = new List<SampleInfo>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string? id, string[] images, string? mask, string where) in rows)
        {
            string[] imagePaths = [.. images.Select(p => Path.Combine(folder, p))];
            string? maskPath = string.IsNullOrEmpty(mask) ? null : Path.Combine(folder, mask);
            string? bad = imagePaths.Append(maskPath).OfType<string>().FirstOrDefault(p => !File.Exists(p) || SampleFiles.KnownExtension(p) is null);
            if (bad is not null)
            {
                skips.Report(bad, File.Exists(bad)
                    ? $"unknown format (extension '{Path.GetExtension(bad)}'), listed at {where} of the manifest '{path}'"
                    : $"file not found, listed at {where} of the manifest '{path}'");
                continue;
            }

            string sampleId = string.IsNullOrEmpty(id) ? SampleFiles.Stem(imagePaths[0]) : id;
            if (!ids.Add(sampleId))
            {
                skips.Report(imagePaths[0], $"id '{sampleId}' appears twice in the manifest '{path}' ({where})");
                continue;
            }

            samples.Add(new SampleInfo(sampleId, imagePaths, maskPath));
        }

        if (samples.Count == 0)
        {
            throw new DatasetException(path, "the manifest lists no usable samples", null);
        }

        classes = options.ClassNames ?? classes ?? (ClassNamesFile.Find(folder) is string file ? ClassNamesFile.Read(file) : []);
        return new FileSegmentationDataset(samples, classes, options.MaskEncoding, skips.Skipped);
    }

    private static void ReadCsv(string path, string text, List<(string?, string[], string?, string)> rows)
    {
        List<string[]> table = CsvTable.Parse(text, path);
        if (table.Count == 0)
        {
            throw new DatasetException(path, "empty manifest", null);
        }

        string[] header = [.. table[0].Select(h => h.ToLowerInvariant())];
        int[] imageColumns = [.. Enumerable.Range(0, header.Length).Where(i => header[i].StartsWith("image", StringComparison.Ordinal))];
        int maskColumn = Array.FindIndex(header, h => h is "mask" or "label" or "labels" or "segmentation");
        int idColumn = Array.IndexOf(header, "id");
        if (imageColumns.Length == 0)
        {
            throw new DatasetException(path, $"the CSV header ({string.Join(", ", table[0])}) has no 'image' column", null);
        }

        for (int r = 1; r < table.Count; r++)
        {
            string[] row = table[r];
            string where = string.Create(CultureInfo.InvariantCulture, $"line {r + 1}");
            if (row.Length != header.Length)
            {
                throw new DatasetException(path, $"{where} has {row.Length} fields, the header {header.Length}", null);
            }

            string[] images = [.. imageColumns.Select(i => row[i]).Where(s => s.Length > 0)];
            if (images.Length == 0)
            {
                throw new DatasetException(path, $"{where} has no image path", null);
            }

            rows.Add((idColumn >= 0 ? row[idColumn] : null, images, maskColumn >= 0 ? row[maskColumn] : null, where));
        }
    }

    private static IReadOnlyList<string>? ReadJson(string path, string text, List<(string?, string[], string?, string)> rows)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            JsonElement root = doc.RootElement;
            IReadOnlyList<string>? classes = null;
            JsonElement samples = root;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("classes", out JsonElement c))
                {
                    classes = ClassNamesFile.FromJson(path, c);
                }

                if (!root.TryGetProperty("samples", out samples))
                {
                    throw new DatasetException(path, "a JSON manifest object needs a \"samples\" array", null);
                }
            }

            if (samples.ValueKind != JsonValueKind.Array)
            {
                throw new DatasetException(path, "a JSON manifest is an array of samples (or an object with \"samples\")", null);
            }

            int n = 0;
            foreach (JsonElement s in samples.EnumerateArray())
            {
                string where = string.Create(CultureInfo.InvariantCulture, $"sample {n++}");
                if (s.ValueKind != JsonValueKind.Object || !s.TryGetProperty("image", out JsonElement image))
                {
                    throw new DatasetException(path, $"{where} has no \"image\"", null);
                }

                string[] images = image.ValueKind switch
                {
                    JsonValueKind.String => [image.GetString()!],
                    JsonValueKind.Array => [.. image.EnumerateArray().Select(e => e.GetString() ?? "")],
                    _ => throw new DatasetException(path, $"{where}: \"image\" must be a path or an array of paths", null),
                };
                string? mask = s.TryGetProperty("mask", out JsonElement m) || s.TryGetProperty("label", out m) ? m.GetString() : null;
                string? id = s.TryGetProperty("id", out JsonElement i) ? i.GetString() : null;
                rows.Add((id, images, mask, where));
            }

            return classes;
        }
        catch (JsonException e)
        {
            throw new DatasetException(path, $"malformed JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new DatasetException(path, $"unexpected JSON value ({e.Message})", e);
        }
    }
}
