using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

public class SyntheticCommandTests
{
    private string _folder = "";

    [OneTimeSetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-synthetic-").FullName;

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void WritesTheTaskWithTheOptionsGivenOverItsKnobs()
    {
        string task = Path.Combine(_folder, "task"), changed = Path.Combine(_folder, "changed");
        var r = Mlseg.Run("synthetic", "--task", "MultipleObjects", "--count", "2", "--out", task);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Output, Does.Contain("objects per class 3"));
        var expected = new SyntheticDatasetGenerator(SyntheticOptions.ForTask(SyntheticTask.MultipleObjects), seed: 1).Generate(1);
        Assert.That(PngFile.ReadLabels(Path.Combine(task, "masks", "case_0001.png")).Data, Is.EqualTo(expected.Labels.Data));
        Assert.That(PngFile.ReadImage(Path.Combine(task, "images", "case_0001.png")).Data, Is.EqualTo(expected.Image.Data));

        r = Mlseg.Run("synthetic", "--task", "HeterogeneousBackground", "--count", "1", "--classes", "3", "--distractors", "1", "--size", "40x48", "--out", changed);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(File.ReadAllLines(Path.Combine(changed, "classes.txt")), Is.EqualTo(new[] { "background", "blob", "shape" }));
        var options = SyntheticOptions.ForTask(SyntheticTask.HeterogeneousBackground) with { ClassCount = 3, Distractors = 1, Height = 40, Width = 48 };
        Assert.That(PngFile.ReadImage(Path.Combine(changed, "images", "case_0000.png")).Data, Is.EqualTo(new SyntheticDatasetGenerator(options, seed: 1).Generate(0).Image.Data));
    }

    [Test]
    public void HelpDescribesEveryTask()
    {
        CommandAssert.HelpExplains("synthetic", "--task", "--distractors", "--occluders", "--objects-per-class", "--occlusion");
        string help = Mlseg.Run("synthetic", "--help").Output;
        foreach (SyntheticTask task in Enum.GetValues<SyntheticTask>())
            Assert.That(help, Does.Contain($"{task}: 64×64"), task.ToString());
    }
}
