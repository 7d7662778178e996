using MLSegmentation.Trainers.Metrics;

namespace MLSegmentation.Cli;

/// <summary>
/// One finished run of an experiment: the method, its seed, its evaluation on the validation samples and its evaluations on
/// the datasets of <c>--evaluation-data</c> (in their order).
/// </summary>
internal sealed record ExperimentRun(string Method, long Seed, MetricsReport Evaluation, IReadOnlyList<MetricsReport> ExtraEvaluations)
{
    /// <summary>Mean Dice over the foreground classes on the validation samples.</summary>
    public double Dice => Evaluation.ClassMeanDice;
}
