using MLSegmentation.Trainers.Metrics;

namespace MLSegmentation.Cli;

/// <summary>One finished run of an experiment: the method, its seed and its evaluation on the validation split.</summary>
internal sealed record ExperimentRun(string Method, long Seed, MetricsReport Evaluation)
{
    /// <summary>Mean Dice over the foreground classes.</summary>
    public double Dice => Evaluation.ClassMeanDice;
}
