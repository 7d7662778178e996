using Microsoft.ML;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests;

/// <summary>A method that changes only training exports the baseline's graph.</summary>
public class ExportMethodGraphTests
{
    [Test]
    public void MultiClassMaskSupExportsTheBaselinesGraphForTheSameArchitecture()
    {
        string folder = Directory.CreateTempSubdirectory("mlseg-method-graph-").FullName;
        try
        {
            new SyntheticDatasetGenerator(new SyntheticOptions { Height = 24, Width = 24, ClassCount = 3 }, seed: 8).WriteFolder(folder, 4);
            var dataset = FolderDataset.Open(folder);
            var trainers = new MLContext(seed: 1).Segmentation().Trainers;
            var training = new TrainerOptions { Steps = 2, BatchSize = 2, ValidationEvery = 0 };
            var network = new Networks.UNetOptions { Depth = 2, BaseWidth = 4 };
            using SegmentationModel baseline = trainers.Baseline(new BaselineOptions { Training = training, Network = network, Workers = 1 }).Fit(dataset);
            using SegmentationModel maskSup = trainers.MaskSup(new MaskSupTrainerOptions { Training = training, Network = network, Workers = 1 }).Fit(dataset);
            string a = Path.Combine(folder, "baseline.onnx"), b = Path.Combine(folder, "masksup.onnx");
            baseline.ExportToOnnx(a);
            maskSup.ExportToOnnx(b);

            global::Onnx.GraphProto x = ExportTestKit.Load(a).Graph, y = ExportTestKit.Load(b).Graph;
            Assert.That(y.Node.Select(n => (n.OpType, n.Input.Count, n.Attribute.ToString())), Is.EqualTo(x.Node.Select(n => (n.OpType, n.Input.Count, n.Attribute.ToString()))));
            Assert.That(y.Initializer.Select(t => (t.Name, t.Dims.ToString())), Is.EqualTo(x.Initializer.Select(t => (t.Name, t.Dims.ToString()))));
            Assert.That(y.Input.ToString(), Is.EqualTo(x.Input.ToString()));
            Assert.That(y.Output.ToString(), Is.EqualTo(x.Output.ToString()));
            Assert.That(y.Initializer.Zip(x.Initializer).Any(p => !p.First.RawData.Equals(p.Second.RawData)), Is.True, "the weights differ: two trainings");
            Assert.That(ExportTestKit.Load(b).MetadataProps.Single(p => p.Key == "mlseg.method").Value, Is.EqualTo("masksup"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
