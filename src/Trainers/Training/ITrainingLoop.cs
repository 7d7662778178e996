namespace MLSegmentation.Trainers.Training;

/// <summary>What an estimator's <c>Fit</c> runs: one <see cref="SegmentationTrainer"/>, or a trainer of several runs (contrastive pretraining, then fine-tuning).</summary>
internal interface ITrainingLoop
{
    /// <summary>Raised for every step, validation and checkpoint.</summary>
    event Action<TrainingProgress>? Progress;

    /// <summary>Trains on <paramref name="train"/> and returns the final segmenter's result.</summary>
    TrainingResult Fit(IBatchSource train, IValidationSource? validation, string? checkpointFolder, bool resume, CancellationToken cancellationToken);
}
