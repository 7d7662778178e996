using Microsoft.ML;
using MLSegmentation.Transforms;
using MLSegmentation.Transforms.Tests;

namespace MLSegmentation.Onnx.Tests.Scoring;

/// <summary>Seeded mutants of an ONNX segmenter and of a saved ML.NET model (issue 17, item 1; the full run: bench/fuzz-files.sh).</summary>
public class ModelFileFuzzTests
{
    private static readonly Image Probe = new(1, [24, 20], [.. Enumerable.Range(0, 480).Select(i => (float)(i % 256))]);

    [Test]
    public void MutatedOnnxModelsLoadAndScoreOrFailNamingTheFile()
    {
        string folder = ScoringData.NewFolder("fuzz-onnx");
        List<string> paths = FileMutations.WriteMutants(File.ReadAllBytes(ScoringData.Segmenter), folder, "model", ".onnx", 20261206);
        // A model that loads must score, or fail naming itself.
        FileMutations.Campaign<Exception>("ONNX", paths, path =>
        {
            using var segmenter = new OnnxSegmenter(path, new OnnxSegmenterOptions { IntraOpThreads = 1 });
            segmenter.Score(Probe);
        }, documented: (e, path) => e is OnnxModelException or SegmentationModelException or InvalidDataException && e.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal));
    }

    [Test]
    public void MutatedSavedMLNetModelsLoadOrFailNamingTheFile()
    {
        string folder = ScoringData.NewFolder("fuzz-mlnet");
        var mlContext = new MLContext();
        string zip = Path.Combine(folder, "model.zip");
        using (var transformer = new SegmentationTransformer(mlContext, ScoringData.Segmenter, new SegmentationTransformerOptions { ImageFolder = ScoringData.Images }))
        {
            IDataView rows = mlContext.Data.LoadFromEnumerable(ScoringData.ImageFiles.Select(f => new ImageRow { Image = Path.GetFileName(f) }));
            transformer.GetOutputSchema(rows.Schema);
            mlContext.Model.Save(transformer, rows.Schema, zip);
        }
        List<string> paths = FileMutations.WriteMutants(File.ReadAllBytes(zip), folder, "model", ".zip", 20261207);
        FileMutations.Campaign<InvalidDataException>("ML.NET model", paths, path => SegmentationTransformer.Load(new MLContext(), path).Dispose());
    }

    [Test]
    public void ASavedModelWhoseZipDirectoryIsDamagedIsRefusedNamingTheFile()
    {
        // Found by this fuzz run: ZipArchive's own InvalidDataException, which names no file, escaped SegmentationTransformer.Load.
        string folder = ScoringData.NewFolder("damaged-zip");
        var mlContext = new MLContext();
        string zip = Path.Combine(folder, "model.zip"), damaged = Path.Combine(folder, "damaged.zip");
        using (var transformer = new SegmentationTransformer(mlContext, ScoringData.Segmenter))
        {
            IDataView rows = mlContext.Data.LoadFromEnumerable(new[] { new ImageRow { Image = ScoringData.ImageFiles[0] } });
            transformer.GetOutputSchema(rows.Schema);
            mlContext.Model.Save(transformer, rows.Schema, zip);
        }
        byte[] bytes = File.ReadAllBytes(zip);
        int end = bytes.Length - 22; // the end-of-central-directory record, without a comment
        Assert.That(BitConverter.ToUInt32(bytes, end), Is.EqualTo(0x06054b50u));
        bytes[end + 10]++; // one entry more than the directory holds
        File.WriteAllBytes(damaged, bytes);
        var e = Assert.Throws<InvalidDataException>(() => SegmentationTransformer.Load(mlContext, damaged))!;
        Assert.That(e.Message, Does.Contain(damaged).And.Contain("not an ML.NET model file"));
    }

    private sealed class ImageRow
    {
        public string Image { get; set; } = "";
    }
}
