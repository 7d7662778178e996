using Microsoft.ML;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests;

/// <summary>A method that changes only training exports the graph of the method it builds on.</summary>
public class ExportMethodGraphTests
{
    private static readonly TrainerOptions Training = new() { Steps = 2, BatchSize = 2, ValidationEvery = 0 };
    private static readonly Networks.UNetOptions Network = new() { Depth = 2, BaseWidth = 4 };

    [Test]
    public void MultiClassMaskSupExportsTheBaselinesGraphForTheSameArchitecture() => AssertSameGraph(
        trainers => trainers.Baseline(new BaselineOptions { Training = Training, Network = Network, Workers = 1 }),
        trainers => trainers.MaskSup(new MaskSupTrainerOptions { Training = Training, Network = Network, Workers = 1 }), "masksup");

    [Test]
    public void ColabPlusMaskSupExportsCoLabsGraphForTheSameArchitecture() => AssertSameGraph(
        trainers => trainers.CoLab(new CoLabTrainerOptions { Training = Training, Network = Network, Workers = 1 }),
        trainers => trainers.CoLabMaskSup(new CoLabMaskSupTrainerOptions { Training = Training, Network = Network, Workers = 1 }), "colab+masksup");

    /// <summary>The ONNX graphs of two trainings differ in their weights only; the second's metadata names <paramref name="method"/>.</summary>
    private static void AssertSameGraph(Func<SegmentationTrainers, SegmentationEstimator> reference, Func<SegmentationTrainers, SegmentationEstimator> trainer, string method)
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-method-graph-").FullName;
        try
        {
            new SyntheticDatasetGenerator(new SyntheticOptions { Height = 24, Width = 24, ClassCount = 3 }, seed: 8).WriteFolder(folder, 4);
            var dataset = FolderDataset.Open(folder);
            var trainers = new MLContext(seed: 1).Segmentation().Trainers;
            using SegmentationModel first = reference(trainers).Fit(dataset);
            using SegmentationModel second = trainer(trainers).Fit(dataset);
            string a = Path.Combine(folder, "reference.onnx"), b = Path.Combine(folder, "method.onnx");
            first.ExportToOnnx(a);
            second.ExportToOnnx(b);

            global::Onnx.GraphProto x = ExportTestKit.Load(a).Graph, y = ExportTestKit.Load(b).Graph;
            Assert.That(y.Node.Select(n => (n.OpType, n.Input.Count, n.Attribute.ToString())), Is.EqualTo(x.Node.Select(n => (n.OpType, n.Input.Count, n.Attribute.ToString()))));
            Assert.That(y.Initializer.Select(t => (t.Name, t.Dims.ToString())), Is.EqualTo(x.Initializer.Select(t => (t.Name, t.Dims.ToString()))));
            Assert.That(y.Input.ToString(), Is.EqualTo(x.Input.ToString()));
            Assert.That(y.Output.ToString(), Is.EqualTo(x.Output.ToString()));
            Assert.That(y.Initializer.Zip(x.Initializer).Any(p => !p.First.RawData.Equals(p.Second.RawData)), Is.True, "the weights differ: two trainings");
            Assert.That(ExportTestKit.Load(b).MetadataProps.Single(p => p.Key == "mlseg.method").Value, Is.EqualTo(method));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
