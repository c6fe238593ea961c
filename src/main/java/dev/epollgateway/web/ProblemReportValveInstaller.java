package dev.epollgateway.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;

import dev.epollgateway.admin.ProblemWriter;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Puts a {@link ProblemReportValve} in place of every other error report valve of the web server's host, as the
 * context starts: by then Spring Boot's own (added by a context customizer, in no guaranteed order with this one) is
 * in the pipeline and can be taken out. Registered for the API's server and, through the management context's
 * configuration, for Actuator's.
 */
class ProblemReportValveInstaller implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private final ProblemWriter problems;

	ProblemReportValveInstaller(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> context.addLifecycleListener((event) -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				install(context.getParent());
			}
		}));
	}

	private void install(Container host) {
		for (Valve valve : host.getPipeline().getValves()) {
			if (valve instanceof ProblemReportValve) {
				return;
			}
			if (valve instanceof ErrorReportValve) {
				host.getPipeline().removeValve(valve);
			}
		}
		host.getPipeline().addValve(new ProblemReportValve(this.problems));
	}

}
