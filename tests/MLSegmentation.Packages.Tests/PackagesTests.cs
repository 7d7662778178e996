using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MLSegmentation.Packages.Tests;

/// <summary>
/// <c>dotnet pack</c> makes one package per library of src/, and a console app made by <c>dotnet new console</c> that adds them
/// from a folder feed, with the native packages the README names, runs the README's first code block.
/// </summary>
public partial class PackagesTests
{
    private static readonly string[] Libraries = ["MLSegmentation.Transforms", "MLSegmentation.Onnx", "MLSegmentation.Trainers", "MLSegmentation.Reporting"];

    private static readonly string[] NativePackages =
    [
        "TorchSharp-cpu", "TorchSharp-cuda-linux", "TorchSharp-cuda-windows", "libtorch-cpu", "Microsoft.ML.OnnxRuntime",
        "Microsoft.ML.OnnxRuntime.Gpu", "Microsoft.ML.OnnxRuntime.Gpu.Linux",
    ];

    private string _folder = "";
    private string _feed = "";
    private string _version = "";

    [OneTimeSetUp]
    public void Pack()
    {
        _folder = Directory.CreateTempSubdirectory("mlseg-packages-").FullName;
        _feed = Path.Combine(_folder, "feed");
        // A version of this run's own: NuGet never re-extracts a version it has seen, so a fixed one could be an earlier pack.
        _version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        Dotnet.Run(Repository.Root, TimeSpan.FromMinutes(4), "pack", "MLSegmentation.sln", "-c", Repository.Configuration, "--no-build",
            "-o", _feed, $"-p:PackageVersion={_version}", "-nologo");
    }

    [OneTimeTearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void EachLibraryOfSrcIsAPackageWithItsAssemblyDocumentationReadmeAndLicense()
    {
        string[] ids = PackageIds();
        Assert.That(ids, Is.SupersetOf(Libraries));
        string[] srcProjects = [.. Directory.GetFiles(Repository.File("src"), "*.csproj", SearchOption.AllDirectories).Select(p => Path.GetFileNameWithoutExtension(p))];
        Assert.That(ids, Is.SubsetOf(srcProjects), "only projects under src/ are packages");
        Assert.That(ids, Has.None.EqualTo("MLSegmentation.Cli").And.None.EqualTo("MLSegmentation.Benchmarks"), "the apps are not packages");
        string readme = File.ReadAllText(Repository.File("README.md"));
        foreach (string id in ids)
        {
            using ZipArchive package = Open(id);
            Assert.That(package.Entries.Select(e => e.FullName), Does.Contain($"lib/net10.0/{id}.dll").And.Contain($"lib/net10.0/{id}.xml").And.Contain("README.md"), id);
            XElement metadata = Metadata(package);
            Assert.That(Element(metadata, "license").Attribute("type")?.Value, Is.EqualTo("expression"), id);
            Assert.That(Element(metadata, "license").Value, Is.EqualTo("MIT"), id);
            Assert.That(Element(metadata, "readme").Value, Is.EqualTo("README.md"), id);
            Assert.That(Element(metadata, "authors").Value, Is.EqualTo("MLSegmentation developers"), id);
            Assert.That(Element(metadata, "description").Value, Has.Length.GreaterThan(20), id);
            Assert.That(Element(metadata, "version").Value, Is.EqualTo(_version), id);
            Assert.That(Text(package, "README.md"), Is.EqualTo(readme), id);
        }
    }

    [Test]
    public void ProjectReferencesBecomePackageDependenciesAndNoPackageDependsOnANativeEngine()
    {
        Assert.That(Dependencies("MLSegmentation.Transforms"), Does.Contain("Microsoft.ML").And.Contain("Microsoft.ML.ImageAnalytics").And.Contain("SkiaSharp"));
        Assert.That(Dependencies("MLSegmentation.Onnx"), Does.Contain($"MLSegmentation.Transforms {_version}").And.Contain("Microsoft.ML.OnnxRuntime.Managed").And.Contain("Google.Protobuf"));
        Assert.That(Dependencies("MLSegmentation.Trainers"), Does.Contain($"MLSegmentation.Transforms {_version}").And.Contain($"MLSegmentation.Onnx {_version}")
            .And.Contain("TorchSharp").And.Contain("TorchSharp.PyBridge"));
        Assert.That(Dependencies("MLSegmentation.Reporting"), Does.Contain($"MLSegmentation.Transforms {_version}").And.Contain($"MLSegmentation.Trainers {_version}"));
        foreach (string id in PackageIds())
        {
            string[] dependencies = [.. Dependencies(id).Select(d => d.Split(' ')[0])];
            Assert.That(dependencies, Has.None.AnyOf(NativePackages), $"{id}: the app chooses the native engines (CPU or CUDA)");
            Assert.That(dependencies, Has.None.EqualTo("Grpc.Tools"), $"{id}: a build tool is no dependency");
        }
    }

    [Test]
    public void TheTrainersPackageGivesAppsTheTorchSharpLoaderFix()
    {
        using ZipArchive trainers = Open("MLSegmentation.Trainers");
        Assert.That(Text(trainers, "buildTransitive/MLSegmentation.Trainers.targets"), Is.EqualTo(File.ReadAllText(Repository.File("build", "TorchSharpLoaderFix.targets"))));
    }

    [Test]
    public void AConsoleAppWithThePackagesFromAFolderFeedRunsTheReadmesFirstCodeBlock()
    {
        string app = Path.Combine(_folder, "ReadmeApp");
        Dotnet.Run(_folder, TimeSpan.FromMinutes(2), "new", "console", "--name", "ReadmeApp", "--output", app, "--no-restore", "--no-update-check");
        string sharedPackages = Dotnet.Run(_folder, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list").Split(':', 2)[1].Trim();
        File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig(sharedPackages));

        var packages = ReadmePackages();
        Assert.That(packages.Select(p => p.Id), Does.Contain("MLSegmentation.Trainers").And.Contain("TorchSharp-cpu").And.Contain("Microsoft.ML.OnnxRuntime"));
        Assert.That(packages.Where(p => !p.Id.StartsWith("MLSegmentation.", StringComparison.Ordinal)).Select(p => p.Version), Has.None.Null, "the README pins the native packages' versions");
        foreach (var (id, version) in packages)
        {
            Dotnet.Run(app, TimeSpan.FromMinutes(2), "add", "package", id, "--version", id.StartsWith("MLSegmentation.", StringComparison.Ordinal) ? _version : version!, "--no-restore");
        }

        File.WriteAllText(Path.Combine(app, "Program.cs"), Repository.ReadmeFirstCSharpBlock());
        string build = Dotnet.Run(app, TimeSpan.FromMinutes(5), "build", "-c", "Release", "-nologo");
        if (SystemLibstdcxxLacks("GLIBCXX_3.4.32"))
            Assert.That(build, Does.Contain("TorchSharp loader fix: marked GLIBCXX_3.4.32 weak in"), "the Trainers package's buildTransitive targets did not run in the app's build");

        string output = Dotnet.Run(app, TimeSpan.FromMinutes(3), Path.Combine(app, "bin", "Release", "net10.0", "ReadmeApp.dll"), "4");
        Assert.That(output, Does.Match(@"masksup: \d+ training images, 3 classes, 4 steps, seed \d+"));
        Assert.That(output, Does.Contain("finished after 4 steps"));
        Match evaluated = EvaluatedLine().Match(output);
        Assert.That(evaluated.Success, Is.True, output);
        Assert.That(output, Does.Match(@"(?m)^class +n +FP img +Dice +IoU +precision +sensitivity +specificity +HD95 +MSD +pooled Dice +pooled IoU\s*$"));
        foreach (string name in new[] { "background", "blob", "shape" })
        {
            // class, images with truth, false-positive images, then Dice as mean ± sd in [0, 1].
            Assert.That(output, Does.Match($@"(?m)^{name} +{evaluated.Groups[1].Value} +\d+ +[01]\.\d{{4}} ± [01]\.\d{{4}} "), name);
        }

        Assert.That(output, Does.Contain($"reloaded: {evaluated.Groups[1].Value} masks, identical to the pipeline's"));
        Assert.That(File.Exists(Path.Combine(app, "model.onnx")), Is.True);
        Assert.That(File.Exists(Path.Combine(app, "model.zip")), Is.True);
    }

    /// <summary>The packages and versions of the README's <c>dotnet add package</c> lines.</summary>
    private static List<(string Id, string? Version)> ReadmePackages() =>
        [.. AddPackageLine().Matches(File.ReadAllText(Repository.File("README.md")))
            .Select(m => (m.Groups["id"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null))];

    private string NuGetConfig(string sharedPackages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <!-- This run's packages stay in the test folder; the shared cache serves the others (libtorch is 600 MB). -->
            <add key="globalPackagesFolder" value="{Path.Combine(_folder, "packages")}" />
          </config>
          <fallbackPackageFolders>
            <add key="shared" value="{sharedPackages}" />
          </fallbackPackageFolders>
          <packageSources>
            <clear />
            <add key="local" value="{_feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="local">
              <package pattern="MLSegmentation.*" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    private static bool SystemLibstdcxxLacks(string version)
    {
        const string libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return File.Exists(libstdcxx) && !File.ReadAllText(libstdcxx, Encoding.Latin1).Contains(version + "\0", StringComparison.Ordinal);
    }

    private string[] PackageIds() =>
        [.. Directory.GetFiles(_feed, $"*.{_version}.nupkg").Select(p => Path.GetFileName(p)[..^$".{_version}.nupkg".Length]).Order(StringComparer.Ordinal)];

    private ZipArchive Open(string id)
    {
        string path = Path.Combine(_feed, $"{id}.{_version}.nupkg");
        Assert.That(File.Exists(path), Is.True, $"{id} was not packed");
        return ZipFile.OpenRead(path);
    }

    /// <summary>The package's dependencies for net10.0, as "id version" for those of this solution and "id" for the others.</summary>
    private string[] Dependencies(string id)
    {
        using ZipArchive package = Open(id);
        XElement group = Element(Metadata(package), "dependencies").Elements().Single(g => g.Attribute("targetFramework")?.Value == "net10.0");
        return
        [
            .. group.Elements().Select(d => (Id: d.Attribute("id")!.Value, Version: d.Attribute("version")!.Value))
                .Select(d => d.Id.StartsWith("MLSegmentation.", StringComparison.Ordinal) ? $"{d.Id} {d.Version}" : d.Id),
        ];
    }

    private static XElement Metadata(ZipArchive package)
    {
        ZipArchiveEntry nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        return Element(XDocument.Load(stream).Root!, "metadata");
    }

    private static XElement Element(XElement parent, string name)
    {
        XElement? element = parent.Elements().SingleOrDefault(e => e.Name.LocalName == name);
        Assert.That(element, Is.Not.Null, $"the nuspec has no <{name}>");
        return element!;
    }

    private static string Text(ZipArchive package, string entry)
    {
        ZipArchiveEntry? found = package.GetEntry(entry);
        Assert.That(found, Is.Not.Null, $"the package has no {entry}");
        using var reader = new StreamReader(found!.Open());
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^evaluated (\d+) masks against 'Label'$", RegexOptions.Multiline)]
    private static partial Regex EvaluatedLine();

    [GeneratedRegex(@"^dotnet add package (?<id>[\w.-]+)(?: --version (?<version>\S+))?", RegexOptions.Multiline)]
    private static partial Regex AddPackageLine();
}
