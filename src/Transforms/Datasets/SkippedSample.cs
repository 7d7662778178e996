namespace MLSegmentation.Transforms;

/// <summary>A sample left out because of bad input (when skipping bad samples is on), for the warning list.</summary>
/// <param name="FilePath">The file at fault.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record SkippedSample(string FilePath, string Problem)
{
    /// <summary>"Skipped 'path': problem".</summary>
    public override string ToString() => $"Skipped '{FilePath}': {Problem}";
}
