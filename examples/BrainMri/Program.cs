using Microsoft.ML;
using System.CommandLine;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Reporting;
using MLSegmentation.Reporting.Overlays;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// Real data: the deep grey nuclei on axial slices of the Colin27 T1 template, labelled by the AAL atlas, both from
// Debian's mricron-data (/usr/share/mricron/templates: ch2.nii.gz and aal.nii.gz, the same 1 mm grid). AAL's caudate,
// putamen + pallidum (the lentiform nucleus) and thalamus, left and right together, make three classes. The slices
// through them are split into training and test slices in alternating blocks with a one-slice gap, a U-Net is trained
// on half-resolution slices, exported to ONNX, and the test slices are scored through ONNX Runtime at full
// resolution (the scorer resizes to the training size and back): metrics, one mask PNG per slice and the predicted
// slices as a NIfTI label volume to overlay on ch2.nii.gz, and a one-page HTML report of the run.
// Usage: BrainMri [--templates DIR] [--steps N] [--seed N] [--out DIR]
var templatesOption = new Option<string>("--templates") { Description = "Folder of ch2.nii.gz, aal.nii.gz and aal.nii.txt.", DefaultValueFactory = _ => "/usr/share/mricron/templates" };
var stepsOption = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 500 };
var seedOption = new Option<long>("--seed") { Description = "The one seed of initialisation, augmentation and sampling.", DefaultValueFactory = _ => 1 };
var outOption = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("runs", "brain-mri") };
var root = new RootCommand("Segment the deep grey nuclei on Colin27 T1 slices (AAL labels): train, export to ONNX, score the test slices.")
{
    templatesOption, stepsOption, seedOption, outOption,
};
root.SetAction(r => Run(Path.GetFullPath(r.GetValue(templatesOption)!), r.GetValue(stepsOption), r.GetValue(seedOption), Path.GetFullPath(r.GetValue(outOption)!)));
return root.Parse(args).Invoke();

static int Run(string templates, int steps, long seed, string output)
{
    string[] classNames = ["background", "caudate", "lentiform", "thalamus"];
    // AAL region names without their _L/_R side, per class.
    string[][] regions = [[], ["Caudate"], ["Putamen", "Pallidum"], ["Thalamus"]];
    string t1Path = Path.Combine(templates, "ch2.nii.gz"), atlasPath = Path.Combine(templates, "aal.nii.gz"), namesPath = Path.Combine(templates, "aal.nii.txt");
    foreach (string path in new[] { t1Path, atlasPath, namesPath })
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"brain-mri: {path} not found (install Debian's mricron-data, or pass --templates)");
            return 1;
        }
    }

    // aal.nii.txt lines are "code name group", e.g. "71 Caudate_L 7001": map each code to its class.
    var classOfCode = new Dictionary<int, int>();
    foreach (string line in File.ReadLines(namesPath))
    {
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out int code)) continue;
        int c = Array.FindIndex(regions, names => names.Any(n => fields[1].StartsWith(n + "_", StringComparison.Ordinal)));
        if (c > 0) classOfCode[code] = c;
    }
    NiftiLabelVolume atlas = NiftiFile.ReadLabels(atlasPath);
    LabelMap grouped = atlas.Labels.Clone();
    for (int i = 0; i < grouped.Data.Length; i++) grouped.Data[i] = classOfCode.GetValueOrDefault(grouped.Data[i]);
    Directory.CreateDirectory(output);
    string labelsPath = Path.Combine(output, "deep-grey-labels.nii.gz");
    NiftiFile.WriteLabels(labelsPath, grouped, atlas.Header);

    // One volume (ch2 with the grouped labels) seen as a dataset of its axial slices (axis 0 = z).
    var volume = new FileSegmentationDataset([new SampleInfo("colin27", [t1Path], labelsPath)], classNames);
    var slices = new VolumeSliceDataset(volume, axis: 0);
    int plane = grouped.Height * grouped.Width;
    int[] withNuclei = [.. Enumerable.Range(0, grouped.Depth).Where(z => grouped.Data.AsSpan(z * plane, plane).ContainsAnyExcept(0))];
    // Blocks of 8 slices: 5 train, a gap, 1 test, a gap, so that no test slice touches a training slice.
    var train = new DatasetSubset(slices, [.. withNuclei.Where(z => z % 8 < 5)]);
    var test = new DatasetSubset(slices, [.. withNuclei.Where(z => z % 8 == 6)]);
    Console.WriteLine($"1. Colin27 T1 {string.Join('×', grouped.Size)} with AAL's {string.Join(", ", classNames.Skip(1))}: " +
        $"slices z = {withNuclei[0]}…{withNuclei[^1]}, {train.Count} for training and {test.Count} for testing");

    var progress = new List<TrainingProgress>();
    var trainer = new MLContext().Segmentation().Trainers.Baseline(new BaselineOptions
    {
        // Half resolution (about 2 mm pixels); the U-Net needs sizes divisible by 2^depth = 8.
        Preprocessing = new() { Size = [112, 96], Normalization = IntensityNormalization.ZScore },
        Augmentations = [new RandomRotation(10), new RandomScaling(0.9, 1.1)],
        Training = new TrainerOptions { Steps = steps, LearningRate = 3e-3, ValidationEvery = 0 },
        Seed = seed,
        // The nuclei cover about 1 % of a slice: Dice + cross-entropy keeps them from being drowned by background.
        Loss = new DiceCrossEntropyLoss(),
        Progress = new ProgressCallback<TrainingProgress>(p =>
        {
            progress.Add(p);
            if (p.Kind == ProgressKind.Step && p.Step % 50 == 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   step {p.Step,4}/{p.TotalSteps}  loss {p.Loss:F4}  {p.ImagesPerSecond:F1} slices/s"));
        }),
    });
    Console.WriteLine($"2. training a U-Net on 112×96 slices for {steps} steps");
    using SegmentationModel model = trainer.Fit(train);
    string onnxPath = Path.Combine(output, "brain-mri.onnx");
    model.ExportToOnnx(onnxPath);
    Console.WriteLine($"3. exported {onnxPath}");

    // The model declares its resize policy: the scorer resizes each 217×181 slice to the training size and its labels back.
    using var segmenter = new OnnxSegmenter(onnxPath);
    var metrics = new MetricsAccumulator(new MetricsOptions(classNames.Length) { ClassNames = classNames });
    var predicted = new LabelMap(grouped.Size);
    var overlays = new List<OverlaySample>();
    string masks = Path.Combine(output, "masks");
    Directory.CreateDirectory(masks);
    foreach (SegmentationResult result in segmenter.Score(Enumerable.Range(0, test.Count).Select(i => test.Load(i).Image)))
    {
        int z = test.Indices[(int)result.Index];
        SegmentationSample slice = test.Load((int)result.Index);
        metrics.Add(result.Labels, slice.Labels!);
        PngFile.WriteLabels(Path.Combine(masks, $"z{z:D3}.png"), result.Labels);
        result.Labels.Data.CopyTo(predicted.Data, z * plane);
        overlays.Add(new OverlaySample($"z{z:D3}", slice.Image, slice.Labels!, result.Labels));
    }
    string predictedPath = Path.Combine(output, "test-prediction.nii.gz"), metricsPath = Path.Combine(output, "metrics.json");
    NiftiFile.WriteLabels(predictedPath, predicted, atlas.Header);
    MetricsReport report = metrics.Report();
    AtomicFile.WriteAllText(metricsPath, report.ToJson());
    Console.WriteLine($"4. test slices scored through ONNX Runtime at {grouped.Width}×{grouped.Height}:");
    Console.WriteLine(report.ToTable());
    ReportFiles files = new RunReport
    {
        Title = $"BrainMri: Colin27 deep grey nuclei, {steps} steps",
        Configuration =
        [
            new("image", t1Path), new("labels", $"{atlasPath}, grouped into {string.Join(", ", classNames.Skip(1))}"),
            new("slices", $"{train.Count} training, {test.Count} test (z = {string.Join(", ", test.Indices)})"),
            new("training size", "112×96"), new("steps", steps.ToString(CultureInfo.InvariantCulture)), new("seed", seed.ToString(CultureInfo.InvariantCulture)),
        ],
        Progress = progress,
        Metrics = report,
        ClassNames = classNames,
        Overlays = overlays,
    }.Write(output);
    Console.WriteLine($"metrics: {metricsPath}\nmasks:   {masks} (one PNG per test slice)\nvolume:  {predictedPath} (overlay on {t1Path})\nreport:  {files.Html}");
    return 0;
}
