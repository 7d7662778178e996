namespace MLSegmentation.Trainers.Training;

/// <summary>The optimizer of the segmenter's parameters.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (Nesterov optional), nnU-Net's and CoLab's choice.</summary>
    Sgd,
    /// <summary>Adam.</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}

/// <summary>The learning-rate schedule over the run's steps.</summary>
public enum ScheduleKind
{
    /// <summary>Constant.</summary>
    Constant,
    /// <summary>lr·(1 − step/steps)^0.9 (nnU-Net, CoLab).</summary>
    Poly,
    /// <summary>Cosine annealing to 0.</summary>
    Cosine,
    /// <summary>×Gamma every StepSize steps.</summary>
    Step,
}
