namespace MLSegmentation.Transforms;

/// <summary>Structural problems found while opening a dataset: thrown at once, or collected and reported when skipping is on.</summary>
internal sealed class SkipList(DatasetOptions options)
{
    private readonly List<SkippedSample> _skipped = [];

    /// <summary>The problems collected so far.</summary>
    public IReadOnlyList<SkippedSample> Skipped => _skipped;

    /// <summary>Throws a <see cref="DatasetException"/> about <paramref name="path"/>, or records and reports it when skipping.</summary>
    public void Report(string path, string problem)
    {
        if (!options.SkipBadSamples)
        {
            throw new DatasetException(path, problem, null);
        }

        var s = new SkippedSample(path, problem);
        _skipped.Add(s);
        options.SampleSkipped?.Invoke(s);
    }
}
