using System.CommandLine;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg evaluate</c>: a model (engine checkpoint or ONNX) on a labelled dataset.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model.mlseg written by mlseg train, or an exported .onnx model." };
        var data = new Option<string>("--data") { Description = "Labelled dataset (folder pairs, Decathlon folder or manifest).", Required = true };
        var layout = new Option<DatasetLayout>("--layout") { Description = "Dataset layout (auto detects it).", DefaultValueFactory = _ => DatasetLayout.Auto };
        var json = new Option<string?>("--json") { Description = "Also write the metrics as JSON to this file." };
        var noSurface = new Option<bool>("--no-surface-distances") { Description = "Skip HD95 and mean surface distance (faster on large volumes)." };
        var command = new Command("evaluate", "Score a model on a labelled dataset: Dice, IoU, precision, sensitivity, specificity, HD95, MSD per class (docs/metrics.md).")
        {
            model, data, layout, json, noSurface,
        };
        command.SetAction(r => CommandErrors.Run("evaluate", () =>
        {
            string path = r.GetValue(model)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file");
            ISegmentationDataset dataset = DatasetArguments.Open(r.GetValue(data)!, r.GetValue(layout), skipBadSamples: false);
            MetricsReport report = Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase)
                ? EvaluateOnnx(path, dataset, !r.GetValue(noSurface))
                : EvaluateEngine(path, dataset, !r.GetValue(noSurface));
            Console.WriteLine(report.ToTable());
            if (r.GetValue(json) is string jsonPath) RunFolder.WriteText(jsonPath, report.ToJson());
            return 0;
        }));
        return command;
    }

    private static MetricsReport EvaluateEngine(string path, ISegmentationDataset dataset, bool surfaceDistances)
    {
        using SegmentationModel loaded = SegmentationModel.Load(path);
        return loaded.Evaluate(dataset, surfaceDistances);
    }

    private static MetricsReport EvaluateOnnx(string path, ISegmentationDataset dataset, bool surfaceDistances)
    {
        using var segmenter = new OnnxSegmenter(path);
        IReadOnlyList<string> names = segmenter.Model.ClassNames.Count > 0 ? segmenter.Model.ClassNames : dataset.ClassNames;
        var metrics = new MetricsAccumulator(new MetricsOptions(Math.Max(2, names.Count)) { ClassNames = names, SurfaceDistances = surfaceDistances });
        for (int i = 0; i < dataset.Count; i++)
        {
            SegmentationSample sample = dataset.Load(i);
            LabelMap truth = sample.Labels ?? throw new ArgumentException($"{dataset.GetInfo(i)}: no label map to evaluate against");
            metrics.Add(segmenter.Score(sample.Image).Labels, truth);
        }
        return metrics.Report();
    }
}
