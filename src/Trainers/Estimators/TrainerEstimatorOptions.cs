using Microsoft.ML;
using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>What every trainer of the catalog takes besides its method's own options.</summary>
public record TrainerEstimatorOptions
{
    /// <summary>The segmenter's shape (its input channels and classes come from the data); default a small U-Net (depth 3, base width 16).</summary>
    public UNetOptions Network { get; init; } = new() { Depth = 3, BaseWidth = 16 };

    /// <summary>Budget, optimizer, schedule, precision, validation and checkpoints. The ML.NET trainers take the seed from <see cref="Seed"/> or the <c>MLContext</c>, not from here.</summary>
    public TrainerOptions Training { get; init; } = new();

    /// <summary>
    /// An encoder checkpoint (<see cref="Methods.EncoderCheckpoint"/>) the segmenter's encoder starts from, under any method
    /// (<see cref="Methods.PretrainedEncoderMethod"/>): the <c>encoder.mlseg</c> that contrastive pretraining writes
    /// (<see cref="Methods.SemanticContrastiveTrainer.Pretrain"/>; <c>checkpoints/encoder.mlseg</c> in the run folder of
    /// <c>mlseg train --method contrastive</c>). Its encoder's shapes (depth, widths, input channels) must be
    /// <see cref="Network"/>'s. Null (the default) starts from random initialisation. <c>Fit</c> checks the file before
    /// reading the data and loads it before the first step (a resumed run then takes its checkpoint's weights).
    /// </summary>
    public string? PretrainedEncoder { get; init; }

    /// <summary>With <see cref="PretrainedEncoder"/>: keep the encoder's weights fixed (no gradient, so neither the optimizer nor weight decay moves them); default false.</summary>
    public bool FreezeEncoder { get; init; }

    /// <summary>A folder for checkpoints (<c>last.mlseg</c>, <c>best.mlseg</c>); null keeps none.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>Continue from <see cref="CheckpointFolder"/>'s last checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Background threads decoding and augmenting; default the core count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Skip unreadable samples (reported through the context's log) instead of failing.</summary>
    public bool SkipBadSamples { get; init; }

    /// <summary>ML.NET trainers: the image column, text (a file path: PNG, JPEG, BMP, WebP, 16-bit PNG, NIfTI) or an <c>MLImage</c> from <c>LoadImages</c>; default <c>Image</c>.</summary>
    public string ImageColumnName { get; init; } = SegmentationColumnNames.Image;

    /// <summary>ML.NET trainers: the ground-truth mask column, a file path or an <c>MLImage</c> of class indices; default <c>Label</c>.</summary>
    public string LabelColumnName { get; init; } = SegmentationColumnNames.Label;

    /// <summary>ML.NET trainers: the mask column the trained transformer adds; default <c>PredictedLabel</c>.</summary>
    public string PredictedLabelColumnName { get; init; } = SegmentationColumnNames.PredictedLabel;

    /// <summary>ML.NET trainers: the trained transformer also adds the class probabilities as <c>Score</c>; default off.</summary>
    public bool OutputScore { get; init; }

    /// <summary>ML.NET trainers: where relative paths of text columns are resolved; null (default) for the working directory.</summary>
    public string? ImageFolder { get; init; }

    /// <summary>ML.NET trainers: class names, background first; null (default) names them by the values the masks hold (<c>class_1</c>, …) and says so in the log.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>ML.NET trainers: how mask values encode classes; default <see cref="MaskEncoding.Auto"/> (a 0/255 mask is binary).</summary>
    public MaskEncoding MaskEncoding { get; init; } = MaskEncoding.Auto;

    /// <summary>ML.NET trainers: the normalisation and resizing applied at training and, through the exported model, at scoring; default per-image z-score at each image's size.</summary>
    public Preprocessing Preprocessing { get; init; } = new() { Normalization = IntensityNormalization.ZScore };

    /// <summary>ML.NET trainers: label-aware random transforms of training samples (they move image and mask together, so they are options rather than pipeline steps); default none.</summary>
    public IReadOnlyList<ISampleTransform> Augmentations { get; init; } = [];

    /// <summary>ML.NET trainers: validation data with the same columns, scored every <see cref="TrainerOptions.ValidationEvery"/> steps; null (default) for none.</summary>
    public IDataView? ValidationSet { get; init; }

    /// <summary>ML.NET trainers: the seed of network initialisation, data order, augmentation and the method; null (default) draws it from the <c>MLContext</c>.</summary>
    public long? Seed { get; init; }

    /// <summary>ML.NET trainers: where training runs, <c>cpu</c> (default), <c>cuda[:N]</c>, or <c>auto</c> (CUDA when available, else the CPU with a log line).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>ML.NET trainers: receives every progress event (steps, validation, checkpoints, the end) on the training thread; null (default) for none.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>ML.NET trainers: stops training at the next step (<c>Fit</c> then throws <see cref="OperationCanceledException"/>; checkpoints written stay).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>ML.NET trainers: how the trained transformer scores (device, batch size, thresholds); default the CPU, 8 images per run.</summary>
    public OnnxSegmenterOptions Scoring { get; init; } = new();
}
