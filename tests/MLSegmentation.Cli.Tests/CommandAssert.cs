namespace MLSegmentation.Cli.Tests;

/// <summary>What every command promises on failure and in its help.</summary>
internal static class CommandAssert
{
    /// <summary>A non-zero exit and exactly one line on stderr, <c>mlseg COMMAND: …</c>, containing <paramref name="expected"/>.</summary>
    public static void FailsWithOneLine(Mlseg.Result r, string command, string expected)
    {
        Assert.That(r.ExitCode, Is.Not.EqualTo(0));
        Assert.That(r.Error.Trim(), Does.StartWith($"mlseg {command}: ").And.Contain(expected));
        Assert.That(r.Error.Trim(), Does.Not.Contain("\n"), "one line");
    }

    /// <summary><c>mlseg COMMAND --help</c> lists each of <paramref name="options"/> with a description.</summary>
    public static void HelpExplains(string command, params string[] options)
    {
        var r = Mlseg.Run(command, "--help");
        Assert.That(r.ExitCode, Is.EqualTo(0));
        foreach (string option in options)
            Assert.That(r.Output, Does.Match($@"\n  {option} [^\n]*[A-Za-z]{{4}}"), option);
    }
}
