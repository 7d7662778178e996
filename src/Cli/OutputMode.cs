namespace MLSegmentation.Cli;

/// <summary>How progress reaches the terminal: a live bar, plain lines (output redirected), JSON lines, or nothing.</summary>
internal enum OutputMode
{
    Live,
    Lines,
    Json,
    Quiet,
}

/// <summary>Choosing the <see cref="OutputMode"/> from a command's <c>--json</c> and <c>--quiet</c> flags.</summary>
internal static class OutputModes
{
    /// <summary><c>--json</c> wins over <c>--quiet</c>; otherwise a live bar on a terminal and plain lines when output is redirected.</summary>
    public static OutputMode Choose(bool json, bool quiet) =>
        json ? OutputMode.Json : quiet ? OutputMode.Quiet : Console.IsOutputRedirected ? OutputMode.Lines : OutputMode.Live;
}
