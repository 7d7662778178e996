using System.CommandLine;
using MLSegmentation.Networks;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>
/// The command-line options of the optimizer, learning-rate schedule, normalisation layers and loss. Each one not given takes the
/// value of the method's preset (<see cref="MethodTrainers.Preset"/>, <see cref="MethodTrainers.Loss(string)"/>); one given wins.
/// </summary>
internal sealed class PresetOptions
{
    private const string FromPreset = " Default: the method's preset (see --method).";

    private readonly Option<OptimizerKind> _optimizer = new("--optimizer") { Description = "Optimizer: Sgd, Adam or AdamW." + FromPreset };
    private readonly Option<double> _lr = new("--lr") { Description = "Initial learning rate." + FromPreset };
    private readonly Option<double> _momentum = new("--momentum") { Description = "SGD momentum." + FromPreset };
    private readonly Option<bool> _nesterov = new("--nesterov") { Description = "Nesterov momentum for SGD (--nesterov false turns it off)." + FromPreset };
    private readonly Option<double> _weightDecay = new("--weight-decay") { Description = "Weight decay." + FromPreset };
    private readonly Option<bool> _amsgrad = new("--amsgrad") { Description = "AMSGrad for Adam and AdamW (--amsgrad false turns it off)." + FromPreset };
    private readonly Option<ScheduleKind> _schedule = new("--schedule") { Description = "Learning-rate schedule: Constant, Poly, Cosine or Step." + FromPreset };
    private readonly Option<Normalization> _norm = new("--norm") { Description = "Normalisation layers: Batch, Instance or Group." + FromPreset };
    private readonly Option<SupervisedLoss> _loss = new("--loss")
    {
        Description = "Supervised loss of baseline and masksup: DiceCrossEntropy or CrossEntropy (binary cross-entropy for binary masksup). "
            + "Default: the method's, CrossEntropy for masksup (its paper's), DiceCrossEntropy otherwise; colab and contrastive train with Dice + cross-entropy only.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _optimizer, _lr, _momentum, _nesterov, _weightDecay, _amsgrad, _schedule, _norm, _loss })
            command.Options.Add(option);
    }

    /// <summary><paramref name="settings"/> with the preset of its method, then the options given on the command line.</summary>
    public TrainSettings Apply(ParseResult r, TrainSettings settings)
    {
        MethodPreset preset = MethodTrainers.Preset(settings.Method);
        preset = preset with
        {
            Optimizer = Given(r, _optimizer, preset.Optimizer), LearningRate = Given(r, _lr, preset.LearningRate), Momentum = Given(r, _momentum, preset.Momentum),
            Nesterov = Given(r, _nesterov, preset.Nesterov), WeightDecay = Given(r, _weightDecay, preset.WeightDecay), Amsgrad = Given(r, _amsgrad, preset.Amsgrad),
            Schedule = Given(r, _schedule, preset.Schedule), Normalization = Given(r, _norm, preset.Normalization),
        };
        return settings with
        {
            Training = preset.ApplyTo(settings.Training), Network = preset.ApplyTo(settings.Network),
            Loss = Given(r, _loss, MethodTrainers.Loss(settings.Method)),
        };
    }

    private static T Given<T>(ParseResult r, Option<T> option, T preset) => r.GetResult(option) is { Implicit: false } ? r.GetValue(option)! : preset;
}
