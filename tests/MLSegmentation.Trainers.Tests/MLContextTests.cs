using Microsoft.ML;
using Microsoft.ML.Data;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

/// <summary>The ML.NET front door: mlContext.Segmentation() trainers as estimators, the scoring transformer, Evaluate.</summary>
public class MLContextTests
{
    // Not a multiple of 2^Depth = 4: training, scoring and ML.NET's saved chain all pad and crop back.
    private const int Side = 30;
    private string _folder = "";
    private Row[] _rows = [];
    private SegmentationTransformer _model = null!;
    private readonly List<string> _log = [];

    public sealed class Row
    {
        public string Image { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class NumericLabelRow
    {
        public string Image { get; set; } = "";

        public float Label { get; set; }
    }

    public sealed class NoInput
    {
    }

    // ML.NET makes SchemaShapes only from estimators; a no-input CustomMapping gives the shape of a row type's columns.
    private static SchemaShape ShapeOf<T>(MLContext mlContext) where T : class, new() =>
        mlContext.Transforms.CustomMapping<NoInput, T>((_, _) => { }, contractName: null).GetOutputSchema(new SchemaShape([]));

    private sealed class Collect : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Events { get; } = [];

        public void Report(TrainingProgress value) => Events.Add(value);
    }

    [OneTimeSetUp]
    public void TrainOnAPathColumn()
    {
        _folder = Directory.CreateTempSubdirectory("mlseg-mlcontext-").FullName;
        new SyntheticDatasetGenerator(new SyntheticOptions { Height = Side, Width = Side, ClassCount = 3 }, seed: 4).WriteFolder(_folder, 12);
        _rows = [.. Enumerable.Range(0, 12).Select(i => new Row { Image = $"images/case_{i:D4}.png", Label = $"masks/case_{i:D4}.png" })];
        var mlContext = new MLContext(seed: 3);
        mlContext.Log += (_, e) => { lock (_log) _log.Add(e.Message); };
        IDataView data = mlContext.Data.LoadFromEnumerable(_rows);
        SegmentationEstimator trainer = mlContext.Segmentation().Trainers.Baseline(Options(steps: 20) with { ImageFolder = _folder, Preprocessing = new() { Size = [Side, Side] } });
        _model = trainer.Fit(data);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        _model?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static BaselineOptions Options(int steps) => new()
    {
        Training = new TrainerOptions { Steps = steps, BatchSize = 4, LearningRate = 3e-3, ValidationEvery = 0 },
        Network = new() { Depth = 2, BaseWidth = 4 },
        Workers = 1,
        Scoring = new OnnxSegmenterOptions { BatchSize = 4, WorkerThreads = 1 },
    };

    private IDataView Data(MLContext mlContext) => mlContext.Data.LoadFromEnumerable(_rows);

    private static List<(uint[] Labels, int[] Size)> Predictions(IDataView scored)
    {
        var result = new List<(uint[], int[])>();
        using var cursor = scored.GetRowCursor([scored.Schema["PredictedLabel"], scored.Schema["Size"]]);
        var labels = cursor.GetGetter<VBuffer<uint>>(scored.Schema["PredictedLabel"]);
        var size = cursor.GetGetter<VBuffer<int>>(scored.Schema["Size"]);
        VBuffer<uint> l = default;
        VBuffer<int> s = default;
        while (cursor.MoveNext())
        {
            labels(ref l);
            size(ref s);
            result.Add((l.DenseValues().ToArray(), s.DenseValues().ToArray()));
        }
        return result;
    }

    [Test]
    public void FitInfersTheClassesAndLogsThemAndTheSeedThroughTheContext()
    {
        Assert.That(_model.ClassNames, Is.EqualTo(new[] { "background", "class_1", "class_2" }));
        Assert.That(_model.Model.Method, Is.EqualTo("baseline"));
        Assert.That(_log, Has.Some.Contains("no class names given: the masks hold the values 0, 1, 2"));
        Assert.That(_log, Has.Some.Contains("finished after 20 steps"));
        Assert.That(File.Exists(_model.Model.ModelPath), Is.True);
    }

    [Test]
    public void TransformAddsAMaskAndSizePerRowWithClassNamesAndEvaluateScoresThem()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView scored = _model.Transform(Data(mlContext));
        Assert.That(scored.Schema["PredictedLabel"].Type, Is.EqualTo(new VectorDataViewType(NumberDataViewType.UInt32)));
        Assert.That(scored.Schema["Size"].Type, Is.EqualTo(new VectorDataViewType(NumberDataViewType.Int32, 2)));
        Assert.That(scored.Schema.GetColumnOrNull("Score"), Is.Null);
        VBuffer<ReadOnlyMemory<char>> names = default;
        scored.Schema["PredictedLabel"].Annotations.GetValue("ClassNames", ref names);
        Assert.That(names.DenseValues().Select(n => n.ToString()), Is.EqualTo(_model.ClassNames));

        var predictions = Predictions(scored);
        Assert.That(predictions, Has.Count.EqualTo(_rows.Length));
        Assert.That(predictions.Select(p => p.Size), Has.All.EqualTo(new[] { Side, Side }));
        Assert.That(predictions.Select(p => p.Labels.Length), Has.All.EqualTo(Side * Side));
        Assert.That(predictions.SelectMany(p => p.Labels).Max(), Is.LessThan(3u));

        MetricsReport report = mlContext.Segmentation().Evaluate(scored, imageFolder: _folder, surfaceDistances: false);
        Assert.That(report.Images, Is.EqualTo(_rows.Length));
        Assert.That(report.Classes.Select(c => c.Name), Is.EqualTo(_model.ClassNames));
    }

    [Test]
    public void TheScoredMasksEqualTheOnnxSegmentersOnTheSameFiles()
    {
        var expected = new List<int[]>();
        using (var segmenter = new OnnxSegmenter(_model.Model.ModelPath))
        {
            foreach (var result in segmenter.ScoreFiles(_rows.Select(r => Path.Combine(_folder, r.Image)))) expected.Add(result.Labels.Data);
        }
        var actual = Predictions(_model.Transform(Data(new MLContext())));
        Assert.That(actual.Select(p => p.Labels.Select(v => (int)v).ToArray()), Is.EqualTo(expected));
    }

    [Test]
    public void MLImageColumnsFromLoadImagesScoreLikeTheirFiles()
    {
        var mlContext = new MLContext();
        IDataView images = mlContext.Transforms.LoadImages("Image", _folder, "Image").Fit(Data(mlContext)).Transform(Data(mlContext));
        Assert.That(images.Schema["Image"].Type, Is.InstanceOf<Microsoft.ML.Transforms.Image.ImageDataViewType>());
        var fromFiles = Predictions(_model.Transform(Data(mlContext)));
        var fromImages = Predictions(_model.Transform(images));
        Assert.That(fromImages.Select(p => p.Labels), Is.EqualTo(fromFiles.Select(p => p.Labels)));
    }

    [Test]
    public void TrainersTakeMLImageColumnsAndReportProgressThroughIProgress()
    {
        var mlContext = new MLContext(seed: 2);
        var progress = new Collect();
        var pipeline = mlContext.Transforms.LoadImages("Image", _folder, "Image")
            .Append(mlContext.Transforms.LoadImages("Label", _folder, "Label"))
            .Append(mlContext.Segmentation().Trainers.Baseline(Options(steps: 3) with
            {
                ClassNames = ["background", "blob", "shape"], OutputScore = true, Progress = progress,
            }));
        using var model = pipeline.Fit(Data(mlContext));
        Assert.That(progress.Events.Count(e => e.Kind == ProgressKind.Step), Is.EqualTo(3));
        Assert.That(progress.Events.Last().Kind, Is.EqualTo(ProgressKind.Finished));
        SegmentationTransformer segmenter = model.LastTransformer;
        Assert.That(segmenter.ClassNames, Is.EqualTo(new[] { "background", "blob", "shape" }));

        IDataView scored = model.Transform(Data(mlContext));
        using var cursor = scored.GetRowCursor([scored.Schema["Score"]]);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        VBuffer<float> p = default;
        Assert.That(cursor.MoveNext(), Is.True);
        score(ref p);
        float[] values = p.DenseValues().ToArray();
        Assert.That(values, Has.Length.EqualTo(3 * Side * Side));
        for (int i = 0; i < Side * Side; i += 97)
            Assert.That(values[i] + values[Side * Side + i] + values[2 * Side * Side + i], Is.EqualTo(1).Within(1e-4));
    }

    [Test]
    public void TheSeedComesFromTheContextUnlessTheOptionsSetIt()
    {
        string SeedOf(MLContext mlContext, long? seed)
        {
            var lines = new List<string>();
            mlContext.Log += (_, e) => { lock (lines) lines.Add(e.Message); };
            using var model = mlContext.Segmentation().Trainers.Baseline(Options(steps: 1) with { ImageFolder = _folder, ClassNames = ["background", "blob", "shape"], Seed = seed })
                .Fit(Data(mlContext));
            string line = lines.Single(l => l.Contains("training images"));
            return line[(line.LastIndexOf("seed ", StringComparison.Ordinal) + 5)..];
        }
        string five = SeedOf(new MLContext(seed: 5), null);
        Assert.That(SeedOf(new MLContext(seed: 5), null), Is.EqualTo(five));
        Assert.That(SeedOf(new MLContext(seed: 6), null), Is.Not.EqualTo(five));
        Assert.That(SeedOf(new MLContext(seed: 5), 42), Is.EqualTo("42"));
    }

    [Test]
    public void AValidationSetIsScoredDuringTrainingAndItsSchemaCheckedFirst()
    {
        var mlContext = new MLContext(seed: 7);
        var events = new Collect();
        var options = Options(steps: 2) with
        {
            ImageFolder = _folder, ClassNames = ["background", "blob", "shape"], Progress = events,
            Training = Options(steps: 2).Training with { ValidationEvery = 2 },
            ValidationSet = mlContext.Data.LoadFromEnumerable(_rows.Take(3)),
        };
        using (mlContext.Segmentation().Trainers.Baseline(options).Fit(Data(mlContext)))
        {
            TrainingProgress validation = events.Events.Single(e => e.Kind == ProgressKind.Validation);
            Assert.That(validation.Step, Is.EqualTo(2));
            Assert.That(validation.ValidationDice, Has.Count.EqualTo(2));
        }

        events.Events.Clear();
        var wrong = options with { ValidationSet = mlContext.Data.LoadFromEnumerable(new[] { new NumericLabelRow { Image = "a.png", Label = 1 } }) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Segmentation().Trainers.Baseline(wrong).Fit(Data(mlContext)))!;
        Assert.That(e.Message, Does.Contain("label column 'Label'"));
        Assert.That(events.Events, Is.Empty);
    }

    [Test]
    public void WrongColumnsFailBeforeAnyTrainingNamingTheColumn()
    {
        var mlContext = new MLContext();
        var data = mlContext.Data.LoadFromEnumerable(new[] { new NumericLabelRow { Image = "a.png", Label = 1f } });
        var events = new Collect();
        var trainer = mlContext.Segmentation().Trainers.Baseline(Options(steps: 1) with { Progress = events });
        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(ShapeOf<NumericLabelRow>(mlContext)))!;
        Assert.That(shape.Message, Does.Contain("Schema mismatch for label column 'Label'").And.Contain("got Single"));
        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data))!;
        Assert.That(fit.Message, Does.Contain("label column 'Label'"));
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Segmentation().Trainers.Baseline(imageColumnName: "Picture").Fit(data))!;
        Assert.That(missing.Message, Does.Contain("Could not find image column 'Picture'").And.Contain("'Image', 'Label'"));
        Assert.That(events.Events, Is.Empty);
    }

    [Test]
    public void BadDataFailsInFitBeforeAnyTrainingStepNamingWhatIsWrong()
    {
        var mlContext = new MLContext();
        var events = new Collect();
        SegmentationEstimator Trainer(BaselineOptions? options = null) =>
            mlContext.Segmentation().Trainers.Baseline((options ?? Options(steps: 5)) with { ImageFolder = _folder, Progress = events });

        var empty = Assert.Throws<ArgumentException>(() => Trainer().Fit(mlContext.Data.LoadFromEnumerable(Array.Empty<Row>())))!;
        Assert.That(empty.Message, Does.Contain("training data").And.Contain("no rows"));

        string small = Path.Combine(_folder, "small-mask.png");
        PngFile.WriteLabels(small, new LabelMap([Side / 2, Side / 2], [1, .. new int[Side * Side / 4 - 1]]));
        var sizes = Assert.Throws<DatasetException>(() => Trainer().Fit(mlContext.Data.LoadFromEnumerable(new[] { new Row { Image = _rows[0].Image, Label = "small-mask.png" } })))!;
        Assert.That(sizes.Message, Does.Contain("small-mask.png").And.Contain($"{Side}×{Side}"));

        var unknown = Assert.Throws<DatasetException>(() => Trainer(Options(steps: 5) with { ClassNames = ["background", "blob"] }).Fit(Data(mlContext)))!;
        Assert.That(unknown.Message, Does.Contain("masks/").And.Contain("2"));

        var cuda = Assert.Throws<InvalidOperationException>(() => Trainer(Options(steps: 5) with { Device = "cuda" }).Fit(Data(mlContext)))!;
        Assert.That(cuda.Message, Does.Contain("CUDA"));
        Assert.That(events.Events.Where(e => e.Kind == ProgressKind.Step), Is.Empty, "no step may run on bad data");
    }

    [Test]
    public void GetOutputSchemaAddsTheMaskSizeAndScoreColumns()
    {
        var mlContext = new MLContext();
        SchemaShape input = ShapeOf<Row>(mlContext);
        SchemaShape output = mlContext.Segmentation().Trainers.Baseline(Options(steps: 1) with { OutputScore = true }).GetOutputSchema(input);
        Assert.That(output.Select(c => c.Name), Is.EquivalentTo(new[] { "Image", "Label", "PredictedLabel", "Size", "Score" }));
        SchemaShape.Column mask = output.Single(c => c.Name == "PredictedLabel");
        Assert.That((mask.Kind, mask.ItemType), Is.EqualTo((SchemaShape.Column.VectorKind.VariableVector, (DataViewType)NumberDataViewType.UInt32)));
        Assert.That(mask.Annotations.Select(a => a.Name), Is.EqualTo(new[] { "ClassNames" }));
        Assert.That(output.Single(c => c.Name == "Size").Kind, Is.EqualTo(SchemaShape.Column.VectorKind.Vector));
    }

    [Test]
    public void TransformIsLazyAndABadFileFailsWhenItsRowIsRead()
    {
        var mlContext = new MLContext();
        Row[] rows = [.. _rows.Take(2), new Row { Image = "images/missing.png", Label = "" }];
        IDataView scored = _model.Transform(mlContext.Data.LoadFromEnumerable(rows));
        Assert.That(scored.GetColumn<string>("Image").Count(), Is.EqualTo(3));
        var e = Assert.Throws<DatasetException>(() => Predictions(scored))!;
        Assert.That(e.Message, Does.Contain("missing.png"));
    }

    [Test]
    public void ACursorDisposedEarlyStopsScoring()
    {
        IDataView scored = _model.Transform(Data(new MLContext()));
        for (int i = 0; i < 3; i++)
        {
            using var cursor = scored.GetRowCursor(scored.Schema);
            Assert.That(cursor.MoveNext(), Is.True);
        }
        Assert.That(Predictions(scored), Has.Count.EqualTo(_rows.Length));
    }

    [Test]
    public void ACancelledFitThrowsAndWritesNoModel()
    {
        var mlContext = new MLContext();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        int before = Directory.GetFiles(Path.GetTempPath(), "mlseg-baseline-*.onnx").Length;
        var trainer = mlContext.Segmentation().Trainers.Baseline(Options(steps: 50) with { ImageFolder = _folder, CancellationToken = cancel.Token });
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(Data(mlContext)));
        Assert.That(Directory.GetFiles(Path.GetTempPath(), "mlseg-baseline-*.onnx"), Has.Length.EqualTo(before));
    }

    [Test]
    public void TheModelSavesAsOnnxAndReloadsIntoATransformerThatScoresTheSame()
    {
        var mlContext = new MLContext();
        string path = Path.Combine(_folder, "saved.onnx");
        _model.SaveAsOnnx(path);
        using var loaded = new SegmentationTransformer(mlContext, path, new SegmentationTransformerOptions { ImageFolder = _folder });
        Assert.That(loaded.ClassNames, Is.EqualTo(_model.ClassNames));
        var rows = mlContext.Data.LoadFromEnumerable(_rows.Select(r => new Row { Image = Path.Combine(_folder, r.Image), Label = r.Label }));
        Assert.That(Predictions(loaded.Transform(rows)).Select(p => p.Labels), Is.EqualTo(Predictions(_model.Transform(Data(mlContext))).Select(p => p.Labels)));
    }

    [Test]
    public void SavedThroughMLNetTheModelLoadsInAFreshContextAsStockStepsAndScoresTheSameMasks()
    {
        var mlContext = new MLContext();
        IDataView data = Data(mlContext);
        var expected = Predictions(_model.Transform(data));
        string zip = Path.Combine(_folder, "model.zip");
        mlContext.Model.Save(_model, data.Schema, zip);

        var fresh = new MLContext();
        ITransformer loaded = fresh.Model.Load(zip, out DataViewSchema schema);
        Assert.That(schema["Image"].Type, Is.EqualTo(TextDataViewType.Instance));
        IDataView scored = loaded.Transform(fresh.Data.LoadFromEnumerable(_rows));
        Assert.That(scored.Schema.Select(c => c.Name).Where(n => !n.StartsWith("mlseg.", StringComparison.Ordinal)), Is.EquivalentTo(new[] { "Image", "Label", "PredictedLabel", "Size" }));
        var actual = Predictions(scored);
        Assert.That(actual.Select(p => p.Size), Is.EqualTo(expected.Select(p => p.Size)));
        Assert.That(actual.Select(p => p.Labels), Is.EqualTo(expected.Select(p => p.Labels)));
        Assert.That(expected.SelectMany(p => p.Labels).Distinct().Count(), Is.GreaterThan(1), "a model that predicts one class would make this comparison empty");

        // ML.NET's chain carries no class-name annotation: Evaluate asks for the names, then agrees with the batched transformer's evaluation.
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => fresh.Segmentation().Evaluate(scored, imageFolder: _folder))!;
        Assert.That(missing.Message, Does.Contain("PredictedLabel").And.Contain("give the class names"));
        MetricsReport stock = fresh.Segmentation().Evaluate(scored, imageFolder: _folder, surfaceDistances: false, classNames: _model.ClassNames);
        MetricsReport batched = mlContext.Segmentation().Evaluate(_model.Transform(data), imageFolder: _folder, surfaceDistances: false);
        Assert.That(stock.ToJson(), Is.EqualTo(batched.ToJson()));
    }

    [Test]
    public void LoadGivesTheBatchedTransformerBackFromAnMLNetModelFileOfAnImagePipeline()
    {
        var mlContext = new MLContext();
        IDataView data = Data(mlContext);
        var expected = Predictions(_model.Transform(data));
        // The README's shape: LoadImages in front, the segmentation model behind, saved as one chain.
        var pipeline = new TransformerChain<ITransformer>(mlContext.Transforms.LoadImages("Image", _folder, "Image").Fit(data), _model);
        IDataView images = pipeline.Transform(data);
        Assert.That(Predictions(images).Select(p => p.Labels), Is.EqualTo(expected.Select(p => p.Labels)));
        string zip = Path.Combine(_folder, "pipeline.zip");
        mlContext.Model.Save(pipeline, data.Schema, zip);

        var fresh = new MLContext();
        Assert.That(Predictions(fresh.Model.Load(zip, out _).Transform(fresh.Data.LoadFromEnumerable(_rows))).Select(p => p.Labels), Is.EqualTo(expected.Select(p => p.Labels)));

        using SegmentationTransformer batched = SegmentationTransformer.Load(fresh, zip, new SegmentationTransformerOptions { ImageFolder = _folder, Scoring = { Resize = ResizePolicy.ToTrainingSize } });
        Assert.That(batched.ClassNames, Is.EqualTo(_model.ClassNames));
        Assert.That(batched.Model.TrainingSize, Is.EqualTo(new[] { Side, Side }));
        Assert.That(Predictions(batched.Transform(fresh.Data.LoadFromEnumerable(_rows))).Select(p => p.Labels), Is.EqualTo(expected.Select(p => p.Labels)));
    }

    [Test]
    public void LoadNamesTheFileThatHoldsNoSegmentationModel()
    {
        var mlContext = new MLContext();
        IDataView data = Data(mlContext);
        string zip = Path.Combine(_folder, "other.zip");
        mlContext.Model.Save(mlContext.Transforms.CopyColumns("Copy", "Image").Fit(data), data.Schema, zip);
        var e = Assert.Throws<InvalidDataException>(() => SegmentationTransformer.Load(mlContext, zip))!;
        Assert.That(e.Message, Does.Contain(zip).And.Contain("no segmentation model"));
        string text = Path.Combine(_folder, "not-a-zip.zip");
        File.WriteAllText(text, "not a zip");
        e = Assert.Throws<InvalidDataException>(() => SegmentationTransformer.Load(mlContext, text))!;
        Assert.That(e.Message, Does.Contain(text).And.Contain("not an ML.NET model file"));
        Assert.Throws<FileNotFoundException>(() => SegmentationTransformer.Load(mlContext, Path.Combine(_folder, "missing.zip")));
    }
}
