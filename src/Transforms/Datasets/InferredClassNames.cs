namespace MLSegmentation.Transforms;

/// <summary>
/// Class names for a dataset that declares none (no class-names file, no option), as nnU-Net and MONAI users expect:
/// its masks are scanned once and classes are named by value: 0 is <c>background</c>, value k is <c>class_k</c>, up
/// to the largest value found. A 0/255 mask reads as binary (255 → 1) under <see cref="MaskEncoding.Auto"/>.
/// </summary>
public static class InferredClassNames
{
    /// <summary>The names, and the distinct values the masks hold (ascending).</summary>
    /// <exception cref="DatasetException">A mask cannot be read, or every mask holds background only; the message names the file or folder.</exception>
    public static (IReadOnlyList<string> Names, IReadOnlyList<int> Values) FromMasks(IReadOnlyList<string> maskPaths, MaskEncoding encoding, string where)
    {
        ArgumentNullException.ThrowIfNull(maskPaths);
        var values = new SortedSet<int>();
        foreach (string path in maskPaths)
        {
            foreach (int v in SampleFiles.ReadMask(path, encoding, declaredClasses: 0).DistinctLabels()) values.Add(v);
        }
        if (values.Count == 0 || values.Max == 0)
            throw new DatasetException(where, "every mask holds background (0) only, so there is no class to learn", null);
        if (values.Min < 0)
            throw new DatasetException(where, $"masks hold negative values ({values.Min}); class values are 0 (background), 1, 2, …", null);
        string[] names = [.. Enumerable.Range(0, values.Max + 1).Select(k => k == 0 ? "background" : $"class_{k}")];
        return (names, [.. values]);
    }
}
