namespace MLSegmentation.Cli.Tests;

/// <summary>A fixture with a temporary folder holding the synthetic benchmark (32×32) in <c>data/</c>, written once by <c>mlseg synthetic</c>.</summary>
public abstract class SyntheticDataFixture(int count, int classes)
{
    /// <summary>The fixture's temporary folder, removed after its tests.</summary>
    protected string Folder { get; private set; } = "";

    /// <summary>The synthetic dataset: <c>images/</c> and <c>masks/</c>.</summary>
    protected string Data => Path.Combine(Folder, "data");

    [OneTimeSetUp]
    public void WriteData()
    {
        Folder = Directory.CreateTempSubdirectory($"mlseg-{GetType().Name}-").FullName;
        var r = Mlseg.Run("synthetic", "--out", Data, "--count", $"{count}", "--size", "32", "--classes", $"{classes}");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(Folder, recursive: true);
}
