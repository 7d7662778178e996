using System.Globalization;
using System.Text.Json;

namespace MLSegmentation.Transforms;

/// <summary>
/// Reads class names: <c>classes.txt</c> (one name per line, line number = class) or <c>classes.json</c>
/// (an array of names, an object of index → name, or an object of name → index).
/// </summary>
public static class ClassNamesFile
{
    /// <summary>The class-names file in <paramref name="folder"/> (classes.json before classes.txt), or null when there is none.</summary>
    public static string? Find(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        foreach (string name in new[] { "classes.json", "classes.txt" })
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Reads class names from <paramref name="path"/>.</summary>
    /// <exception cref="DatasetException">The file is unreadable, malformed, or leaves a class index without a name.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SampleFiles.Guard(path, () =>
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    using var doc = JsonDocument.Parse(File.ReadAllText(path));
                    return FromJson(path, doc.RootElement);
                }
                catch (JsonException e)
                {
                    throw new DatasetException(path, $"malformed JSON ({e.Message})", e);
                }
            }

            List<string> lines = [.. File.ReadAllLines(path).Select(l => l.Trim())];
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            if (lines.Count == 0)
            {
                throw new DatasetException(path, "no class names", null);
            }

            int blank = lines.FindIndex(l => l.Length == 0);
            if (blank >= 0)
            {
                throw new DatasetException(path, $"line {blank + 1} is blank: class {blank} has no name", null);
            }

            return lines;
        });
    }

    /// <summary>
    /// Class names from a JSON value: an array of names, an object of "index": "name" (Decathlon) or an
    /// object of "name": index (nnU-Net v2).
    /// </summary>
    internal static IReadOnlyList<string> FromJson(string path, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return [.. element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new DatasetException(path, "class names must be strings", null))];
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetException(path, "class names must be an array or an object", null);
        }

        var byIndex = new SortedDictionary<int, string>();
        foreach (JsonProperty p in element.EnumerateObject())
        {
            if (int.TryParse(p.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) && p.Value.ValueKind == JsonValueKind.String)
            {
                Add(index, p.Value.GetString()!);
            }
            else if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int value))
            {
                Add(value, p.Name);
            }
            else
            {
                throw new DatasetException(path, $"label '{p.Name}' is neither \"index\": \"name\" nor \"name\": index (region-based labels are not supported)", null);
            }
        }

        if (byIndex.Count == 0)
        {
            throw new DatasetException(path, "no class names", null);
        }

        var names = new string[byIndex.Keys.Max() + 1];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = byIndex.TryGetValue(i, out string? n) ? n : throw new DatasetException(path, $"class {i} has no name (labels must be 0, 1, 2, … without gaps)", null);
        }

        return names;

        void Add(int index, string name)
        {
            if (index < 0 || !byIndex.TryAdd(index, name))
            {
                throw new DatasetException(path, $"class index {index} is negative or given twice", null);
            }
        }
    }
}
