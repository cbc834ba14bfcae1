package nusi.physics;

import java.util.function.Function;

/**
 * A refused parameter: the message is a template whose {@code {NAME}} tokens stand for {@link Parameter}s.
 * {@link #getMessage()} spells them by their physics names (for library users); {@link #render} with a front
 * end's names (the command line maps each to its option in one place).
 */
public class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String template;

    public ParameterException(String template) {
        super(template);
        this.template = template;
    }

    public String template() {
        return template;
    }

    /** The message with each parameter's token replaced by {@code names}. */
    public String render(Function<Parameter, String> names) {
        String s = template;
        for (Parameter p : Parameter.values()) {
            if (s.contains(p.token())) {
                s = s.replace(p.token(), names.apply(p));
            }
        }
        return s;
    }

    @Override
    public String getMessage() {
        return render(Parameter::physicsName);
    }
}
