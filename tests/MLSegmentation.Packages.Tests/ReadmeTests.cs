namespace MLSegmentation.Packages.Tests;

public class ReadmeTests
{
    [Test]
    public void TheReadmesFirstCodeBlockIsTheMLNetPipelineExample()
    {
        string example = File.ReadAllText(Repository.File("examples", "MLNetPipeline", "Program.cs")).ReplaceLineEndings("\n");
        Assert.That(Repository.ReadmeFirstCSharpBlock(), Is.EqualTo(example), "examples/MLNetPipeline/Program.cs is the README's first ```csharp block: change both");
    }
}
