using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Torch;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Transforms;
using F = MLSegmentation.Torch.torch.nn.functional;

// Quick start (first milestone): generate the synthetic benchmark, train a small U-Net with the
// C# engine on the CPU, print the loss falling and the validation Dice per class.
// Usage: Quickstart [--steps N] [--seed N]
int steps = 300, seed = 1;
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--steps" when k + 1 < args.Length: steps = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--seed" when k + 1 < args.Length: seed = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"quickstart: unknown option '{args[k]}' (use --steps N, --seed N)"); return 2;
    }
}

const int TrainCount = 128, ValidationCount = 32, BatchSize = 8;
var generator = new SyntheticDatasetGenerator(new SyntheticOptions(), seed);
int classes = generator.ClassNames.Count;
Console.WriteLine($"Synthetic benchmark: {TrainCount} training and {ValidationCount} validation images of 64×64, " +
                  $"classes: {string.Join(", ", generator.ClassNames)}");

torch.manual_seed(seed);
using var trainImages = Batch(0, TrainCount, out var trainLabels);
using var validationImages = Batch(TrainCount, ValidationCount, out var validationLabels);
using var net = new UNet(new UNetOptions { InputChannels = 1, Classes = classes, Depth = 3, BaseWidth = 16 });
using var optimizer = torch.optim.Adam(net.parameters(), lr: 3e-3);
Console.WriteLine($"U-Net: depth 3, base width 16, {net.parameters().Sum(p => p.numel()):N0} parameters; Adam; batch {BatchSize}; {steps} steps");

var clock = Stopwatch.StartNew();
double runningLoss = 0;
for (int step = 1; step <= steps; step++)
{
    using var scope = torch.NewDisposeScope();
    var index = torch.randint(0, TrainCount, [BatchSize]);
    optimizer.zero_grad();
    var loss = F.cross_entropy(net.forward(trainImages.index_select(0, index)), trainLabels.index_select(0, index));
    loss.backward();
    optimizer.step();
    runningLoss += loss.ToDouble();
    if (step % 25 == 0)
    {
        Console.WriteLine($"step {step,4}  loss {runningLoss / 25:F4}  ({step * BatchSize / clock.Elapsed.TotalSeconds:F1} images/s)");
        runningLoss = 0;
    }
}

net.eval();
using (torch.no_grad())
using (var scope = torch.NewDisposeScope())
{
    var predicted = net.forward(validationImages).argmax(1);
    Console.WriteLine("Validation Dice per class:");
    for (int c = 1; c < classes; c++)
    {
        var p = predicted.eq(c);
        var g = validationLabels.eq(c);
        double overlap = p.logical_and(g).sum().ToDouble(), total = p.sum().ToDouble() + g.sum().ToDouble();
        Console.WriteLine($"  {generator.ClassNames[c],-12} {(total == 0 ? 1 : 2 * overlap / total):F3}");
    }
}
trainLabels.Dispose();
validationLabels.Dispose();
return 0;

// Images scaled to [0, 1] as [N, 1, H, W] and labels as int64 [N, H, W].
Tensor Batch(int first, int count, out Tensor labels)
{
    var samples = Enumerable.Range(first, count).Select(i => generator.Generate(i)).ToArray();
    var pixels = samples.SelectMany(s => s.Image.Data.Select(v => v / 255f)).ToArray();
    var classIndices = samples.SelectMany(s => s.Labels.Data.Select(l => (long)l)).ToArray();
    int h = samples[0].Image.Height, w = samples[0].Image.Width;
    labels = torch.tensor(classIndices, count, h, w);
    return torch.tensor(pixels, count, 1, h, w);
}
