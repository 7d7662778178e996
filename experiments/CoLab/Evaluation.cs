using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Experiments.CoLab;

/// <summary>What one trained network scores on the test set: ROI metrics and the paper's margin diagnostic.</summary>
internal sealed record EvaluationResult(
    double Dice, double Precision, double PooledPrecision, double Sensitivity, double Hd95, int FalsePositiveImages,
    double WrongSideShare, double MedianMargin, long[] Histogram);

internal static class Evaluation
{
    public const double HistogramMin = -30, HistogramMax = 30;
    public const int Bins = 60;

    /// <summary>
    /// Labels from <see cref="TrainingMethod.Predict"/> (context merged for CoLab); the margin on every background pixel
    /// (truth 0) is max over background-or-context logits − max over ROI logits of the raw network output.
    /// </summary>
    public static EvaluationResult Run(TrainingMethod method, UNet network, InMemoryBatchSource test, int classes)
    {
        network.eval();
        double diagonal = Math.Sqrt((double)test.Height * test.Height + (double)test.Width * test.Width);
        var metrics = new MetricsAccumulator(new MetricsOptions(classes) { MissingSurfaceDistance = diagonal });
        var histogram = new long[Bins];
        long background = 0, wrong = 0;
        var sample = new List<float>();
        using (torch.no_grad())
        {
            foreach (TrainingBatch batch in test.Batches(CancellationToken.None))
            {
                using var scope = torch.NewDisposeScope();
                using (batch)
                {
                    Tensor logits = network.forward(batch.Images);
                    int[] predicted = method.Predict(network, batch.Images).argmax(1).to(ScalarType.Int32).data<int>().ToArray();
                    int[] truth = batch.Labels.to(ScalarType.Int32).data<int>().ToArray();
                    long channels = logits.size(1);
                    Tensor backgroundScore = channels > classes
                        ? torch.cat([logits.narrow(1, 0, 1), logits.narrow(1, classes, channels - classes)], 1).amax(1)
                        : logits.narrow(1, 0, 1).amax(1);
                    float[] margin = (backgroundScore - logits.narrow(1, 1, classes - 1).amax(1)).data<float>().ToArray();
                    int[] size = [test.Height, test.Width];
                    int perImage = test.Height * test.Width;
                    for (int i = 0; i < batch.Count; i++)
                        metrics.Add(predicted.AsSpan(i * perImage, perImage), truth.AsSpan(i * perImage, perImage), size);
                    for (int i = 0; i < margin.Length; i++)
                    {
                        if (truth[i] != 0) continue;
                        background++;
                        if (margin[i] < 0) wrong++;
                        if (i % 7 == 0) sample.Add(margin[i]);
                        int bin = (int)Math.Floor((margin[i] - HistogramMin) / (HistogramMax - HistogramMin) * Bins);
                        histogram[Math.Clamp(bin, 0, Bins - 1)]++;
                    }
                }
            }
        }
        network.train();
        MetricsReport report = metrics.Report();
        ClassSummary[] roi = report.Classes.Where(c => c.Class > 0).ToArray();
        sample.Sort();
        return new EvaluationResult(
            roi.Average(c => c.Dice.Mean), roi.Average(c => c.Precision.Mean), roi.Average(c => c.PooledPrecision),
            roi.Average(c => c.Sensitivity.Mean), roi.Average(c => c.Hausdorff95.Mean), roi.Sum(c => c.FalsePositiveImages),
            (double)wrong / background, sample[sample.Count / 2], histogram);
    }
}
