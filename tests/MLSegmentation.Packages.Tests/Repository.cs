using System.Reflection;

namespace MLSegmentation.Packages.Tests;

/// <summary>The checkout and configuration these tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The solution's configuration (Release in CI): the packages are packed from that build.</summary>
    public static string Configuration { get; } = typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The README's first C# code block, read now, so that the tests check what readers see.</summary>
    public static string ReadmeFirstCSharpBlock()
    {
        string[] lines = System.IO.File.ReadAllLines(File("README.md"));
        int start = Array.FindIndex(lines, l => l.Trim() == "```csharp");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "README.md has no ```csharp block");
        int end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
        Assert.That(end, Is.GreaterThan(start), "README.md's first ```csharp block is not closed");
        return string.Join('\n', lines[(start + 1)..end]) + "\n";
    }
}
