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
        return FromLabelMaps(maskPaths.Select(path => SampleFiles.ReadMask(path, encoding, declaredClasses: 0)), where);
    }

    /// <summary>The names, and the distinct values <paramref name="masks"/> hold (ascending), for masks already decoded (an ML.NET column, say).</summary>
    /// <exception cref="DatasetException">Every mask holds background only, or a value is negative; the message names <paramref name="where"/>.</exception>
    public static (IReadOnlyList<string> Names, IReadOnlyList<int> Values) FromLabelMaps(IEnumerable<LabelMap> masks, string where)
    {
        ArgumentNullException.ThrowIfNull(masks);
        var values = new SortedSet<int>();
        foreach (LabelMap mask in masks)
        {
            foreach (int v in mask.DistinctLabels()) values.Add(v);
        }
        if (values.Count == 0 || values.Max == 0)
            throw new DatasetException(where, "every mask holds background (0) only, so there is no class to learn", null);
        if (values.Min < 0)
            throw new DatasetException(where, $"masks hold negative values ({values.Min}); class values are 0 (background), 1, 2, …", null);
        string[] names = [.. Enumerable.Range(0, values.Max + 1).Select(k => k == 0 ? "background" : $"class_{k}")];
        return (names, [.. values]);
    }
}
