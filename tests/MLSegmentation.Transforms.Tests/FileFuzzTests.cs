namespace MLSegmentation.Transforms.Tests;

/// <summary>
/// Seeded mutants of NIfTI volumes (<c>.nii</c>, <c>.nii.gz</c>), class-name files and manifests (issue 17, item 1): each
/// reads correctly or fails with the documented exception naming the file, within a time bound. <c>MLSEG_FUZZ_MUTANTS</c>
/// sets the mutants per format (CI: 150; <c>bench/fuzz-files.sh</c>: 1000).
/// </summary>
public class FileFuzzTests
{
    private static int Mutants => FileMutations.Count;

    private string _dir = "";

    [OneTimeSetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("mlseg-filefuzz-").FullName;

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [TestCase(".nii")]
    [TestCase(".nii.gz")]
    public void MutatedNiftiVolumesReadOrFailNamingTheFile(string extension)
    {
        var seeds = new List<byte[]>();
        foreach ((int[] shape, NiftiDataType type) in new (int[], NiftiDataType)[] { ([6, 5, 4], NiftiDataType.Int16), ([9, 7, 3], NiftiDataType.Float32), ([4, 4, 4], NiftiDataType.UInt8) })
        {
            string seed = Path.Combine(_dir, $"seed-{type}.nii");
            int voxels = shape.Aggregate(1, (a, b) => a * b);
            NiftiFile.WriteImage(seed, NiftiHeader.Create(shape, type), new Image(1, [shape[2], shape[1], shape[0]], [.. Enumerable.Range(0, voxels).Select(v => (float)(v % 200))]));
            seeds.Add(File.ReadAllBytes(seed));
        }
        var random = new Random(20261203);
        var paths = new List<string>();
        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = FileMutations.Mutate(seeds[i % seeds.Count], i, random, nifti: true);
            // .nii.gz: the gzip of a mutant, or (every third) a mutant of the gzip stream itself
            byte[] bytes = extension == ".nii" ? mutant : i % 3 == 2 ? FileMutations.Mutate(FileMutations.Gzip(seeds[i % seeds.Count]), i, random, nifti: false) : FileMutations.Gzip(mutant);
            string path = Path.Combine(_dir, $"volume-{i}{extension}");
            File.WriteAllBytes(path, bytes);
            paths.Add(path);
        }
        (int read, int refused) = FileMutations.Campaign<InvalidDataException>(extension, paths, p => NiftiFile.ReadImage(p));
        Assert.That(refused, Is.GreaterThan(Mutants / 4), "most mutants are damaged enough to be refused");
    }

    [TestCase("classes.txt")]
    [TestCase("manifest.csv")]
    [TestCase("manifest.json")]
    public void MutatedClassNameFilesAndManifestsOpenOrFailNamingTheFile(string file)
    {
        // A small folder dataset; the class file or manifest is the mutated part.
        string root = Path.Combine(_dir, Path.GetFileNameWithoutExtension(file) + Path.GetExtension(file).TrimStart('.'));
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = 8, Width = 8, ClassCount = 3 }, seed: 1).WriteFolder(root, 3);
        string[] names = [.. Directory.GetFiles(Path.Combine(root, "images")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
        byte[] seed = file switch
        {
            "classes.txt" => File.ReadAllBytes(Path.Combine(root, "classes.txt")),
            "manifest.csv" => System.Text.Encoding.UTF8.GetBytes("image,mask\n" + string.Concat(names.Select(n => $"images/{n},masks/{n}\n"))),
            _ => System.Text.Encoding.UTF8.GetBytes("[" + string.Join(",", names.Select(n => $"{{\"image\":\"images/{n}\",\"mask\":\"masks/{n}\"}}")) + "]"),
        };
        var random = new Random(20261205);
        var paths = new List<string>();
        for (int i = 0; i < Mutants; i++)
        {
            string path = file == "classes.txt" ? Path.Combine(CopyOfImagesAndMasks(root, $"m{i}"), "classes.txt") : Path.Combine(root, $"manifest-{i}{Path.GetExtension(file)}");
            File.WriteAllBytes(path, FileMutations.Mutate(seed, i, random, nifti: false));
            paths.Add(path);
        }
        FileMutations.Campaign<DatasetException>(file, paths, p => (file == "classes.txt" ? FolderDataset.Open(Path.GetDirectoryName(p)!) : ManifestDataset.Open(p)).Verify(),
            documented: (e, p) => e.Message.Contains(Path.GetFileName(p), StringComparison.Ordinal)
                || e is DatasetException { FilePath: not null } d && e.Message.Contains(Path.GetFileName(d.FilePath), StringComparison.Ordinal));
    }

    private static string CopyOfImagesAndMasks(string root, string name)
    {
        string folder = Path.Combine(root, name);
        foreach (string sub in new[] { "images", "masks" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
            foreach (string f in Directory.GetFiles(Path.Combine(root, sub))) File.Copy(f, Path.Combine(folder, sub, Path.GetFileName(f)));
        }
        return folder;
    }
}
