using MLSegmentation.Engine.Tests.Support;

namespace MLSegmentation.Engine.Tests;

/// <summary>Runs before every test of the assembly: TorchSharp must load, or every test fails saying why.</summary>
[SetUpFixture]
public class AssemblySetup
{
    [OneTimeSetUp]
    public void LoadTorchSharp() => TorchLoad.Ensure();
}
