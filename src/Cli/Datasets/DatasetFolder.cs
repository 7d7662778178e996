namespace MLSegmentation.Cli.Datasets;

/// <summary>
/// How <c>mlseg dataset</c> writes a folder: never over an existing one, and whole or not at all (written under
/// <c>OUTPUT.tmp</c>, renamed to the output when complete; a stale <c>.tmp</c> from a stopped command is removed first).
/// </summary>
internal static class DatasetFolder
{
    /// <summary>Refuses an <paramref name="output"/> that exists, before any input is read.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists.</exception>
    public static void CheckOutput(string output)
    {
        if (Directory.Exists(output) || File.Exists(output))
            throw new ArgumentException($"--out {output}: exists; remove it or choose another folder");
    }

    /// <summary>Runs <paramref name="write"/> on the temporary folder, then renames it to <paramref name="output"/>.</summary>
    /// <returns><paramref name="write"/>'s result.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> exists.</exception>
    public static T Write<T>(string output, Func<string, T> write)
    {
        CheckOutput(output);
        string temp = output + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        T result = write(temp);
        Directory.Move(temp, output);
        return result;
    }
}
