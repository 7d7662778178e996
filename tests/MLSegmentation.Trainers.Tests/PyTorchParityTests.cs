using MLSegmentation.Networks;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Segmenters;
using TorchSharp;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Tests;

/// <summary>
/// A saved model loads into the reference PyTorch U-Net (reference/unet_reference.py, Debian's PyTorch through
/// /usr/bin/python3) with strict names and shapes and gives the same logits.
/// </summary>
public class PyTorchParityTests
{
    private static IEnumerable<TestCaseData> Networks()
    {
        yield return new TestCaseData(new UNetOptions { Dimensions = 2, InputChannels = 1, Classes = 3, Depth = 2, BaseWidth = 16 }).SetName("UNet2D_BatchNorm_Transposed");
        yield return new TestCaseData(new UNetOptions
        {
            Dimensions = 3, InputChannels = 2, Classes = 2, Depth = 2, BaseWidth = 16, Normalization = Normalization.Instance,
            Activation = Activation.LeakyReLU, Downsampling = Downsampling.StridedConvolution, Upsampling = Upsampling.Interpolation, DeepSupervision = true,
        }).SetName("UNet3D_InstanceNorm_Strided_Interpolation_DeepHeads");
        yield return new TestCaseData(new UNetOptions { Dimensions = 2, InputChannels = 1, Classes = 2, Depth = 1, BaseWidth = 16, Normalization = Normalization.Group, Groups = 4 })
            .SetName("UNet2D_GroupNorm");
        yield return new TestCaseData(new UNetOptions
        {
            Dimensions = 3, InputChannels = 1, Classes = 3, Depth = 2, BaseWidth = 8, Normalization = Normalization.Instance, DownsamplingFactors = [[1, 2, 2], [2, 2, 1]],
        }).SetName("UNet3D_AnisotropicPooling_Transposed");
        yield return new TestCaseData(new UNetOptions
        {
            Dimensions = 3, InputChannels = 1, Classes = 2, Depth = 2, BaseWidth = 8, Downsampling = Downsampling.StridedConvolution, Upsampling = Upsampling.Interpolation,
            DownsamplingFactors = [[1, 2, 2], [2, 2, 2]],
        }).SetName("UNet3D_AnisotropicStrides_Interpolation");
    }

    [TestCaseSource(nameof(Networks))]
    public void SavedWeightsGiveTheSameLogitsInPyTorch(UNetOptions options)
    {
        ReferencePython.RequireTorch();
        string folder = Directory.CreateTempSubdirectory("mlseg-parity-").FullName;
        try
        {
            manual_seed(5);
            var net = new UNet(options);
            using (no_grad())
            {
                foreach ((string name, Tensor buffer) in net.named_buffers())
                {
                    if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.normal_(0, 0.2);
                    else if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.uniform_(0.5, 1.5);
                }
            }
            string[] classes = [.. Enumerable.Range(0, options.Classes).Select(c => c == 0 ? "background" : $"class_{c}")];
            using var model = new SegmentationModel(net, new Preprocessing(), classes, "baseline");
            string path = Path.Combine(folder, "model.mlseg");
            model.Save(path);
            using (var loaded = SegmentationModel.Load(path))
                Assert.That(loaded.Network.Options.DownsamplingFactors, Is.EqualTo(options.DownsamplingFactors), "the saved model keeps its down-sampling factors");

            long[] shape = options.Dimensions == 2 ? [2, options.InputChannels, 32, 48] : [2, options.InputChannels, 8, 16, 12];
            using var scope = NewDisposeScope();
            Tensor x = randn(shape);
            float[] expected;
            using (no_grad()) expected = model.Network.forward(x).data<float>().ToArray();
            string input = Path.Combine(folder, "input.f32"), output = Path.Combine(folder, "output.f32");
            ReferencePython.WriteRaw(input, x.data<float>().ToArray());

            string stdout = RunReference([path, input, output, .. Dimensions(shape)]);

            float[] actual = ReferencePython.ReadFloats(output);
            Assert.That(actual, Has.Length.EqualTo(expected.Length));
            long parameters = net.parameters().Sum(p => p.numel());
            Assert.That(stdout, Does.Contain($"\"parameters\": {parameters}"), "parameter counts equal PyTorch's");
            double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.That(worst, Is.LessThanOrEqualTo(1e-5), "largest logit difference");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AdamTrainingFollowsPyTorchsLossTrajectory()
    {
        ReferencePython.RequireTorch();
        const int Steps = 20;
        const double LearningRate = 1e-3;
        string folder = Directory.CreateTempSubdirectory("mlseg-trajectory-").FullName;
        try
        {
            var options = new UNetOptions { Dimensions = 2, InputChannels = 1, Classes = 3, Depth = 2, BaseWidth = 16 };
            manual_seed(11);
            using var net = new UNet(options);
            string path = Path.Combine(folder, "start.mlseg");
            var archive = new MLSegmentation.Trainers.Serialization.TensorArchive();
            archive.AddModule("model", net);
            archive.Metadata["network"] = System.Text.Json.JsonSerializer.Serialize(options);
            archive.Save(path);

            long[] shape = [4, 1, 32, 32];
            using var scope = NewDisposeScope();
            Tensor x = randn(shape), y = randint(0, 3, [4, 32, 32]);
            string input = Path.Combine(folder, "x.f32"), labels = Path.Combine(folder, "y.i64");
            ReferencePython.WriteRaw(input, x.data<float>().ToArray());
            ReferencePython.WriteRaw(labels, y.data<long>().ToArray());

            net.train();
            using var optimizer = optim.Adam(net.parameters(), LearningRate);
            var ours = new List<double>();
            for (int i = 0; i < Steps; i++)
            {
                using var step = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(net.forward(x), y);
                loss.backward();
                optimizer.step();
                ours.Add(loss.ToDouble());
            }

            string stdout = RunReference(["--train", $"{Steps}", "0.001", path, input, labels, .. Dimensions(shape)]);
            double[] theirs = [.. System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("losses").EnumerateArray().Select(e => e.GetDouble())];

            Assert.That(theirs, Has.Length.EqualTo(Steps));
            Assert.That(ours[^1], Is.LessThan(ours[0]), "the loss falls");
            for (int i = 0; i < Steps; i++)
                Assert.That(ours[i], Is.EqualTo(theirs[i]).Within(0.05).Percent, $"loss at step {i + 1} (float32 sums in another order drift apart slowly)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] Dimensions(long[] shape) => [.. shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string RunReference(string[] arguments) => ReferencePython.RunScript("unet_reference.py", arguments);
}
