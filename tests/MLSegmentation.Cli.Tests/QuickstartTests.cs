namespace MLSegmentation.Cli.Tests;

public class QuickstartTests
{
    [Test]
    public void QuickstartTrainsExportsScoresAndReportsWithTinySettings()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-quickstart-").FullName;
        try
        {
            var r = Mlseg.RunProgram("Quickstart.dll", "--steps", "8", "--out", folder);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
            Assert.That(r.Output, Does.Contain("3. exported").And.Contain("4. scored 40 held-out images").And.Contain("5. held-out metrics"));
            Assert.That(File.Exists(Path.Combine(folder, "model.onnx")), Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(folder, "masks"), "*.png"), Has.Length.EqualTo(40));
            Assert.That(File.ReadAllText(Path.Combine(folder, "held-out-metrics.json")), Does.Contain("\"images\": 40"));
            Assert.That(r.Output, Does.Contain($"report: {Path.Combine(folder, "report.html")}").And.Contain($"overlays: {Path.Combine(folder, "overlays")}"));
            Assert.That(Directory.GetFiles(Path.Combine(folder, "overlays"), "*.png"), Has.Length.EqualTo(8));
            Assert.That(File.Exists(Path.Combine(folder, "curves.svg")) && File.Exists(Path.Combine(folder, "curves.png")), Is.True);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
