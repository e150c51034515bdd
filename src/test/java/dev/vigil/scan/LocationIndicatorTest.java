package dev.vigil.scan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bundled location indicator on a live Windows path and on a mounted copy, and near misses beside them
 * (the expected id {@code -} means no location finding).
 */
class LocationIndicatorTest {
    private static final IndicatorCatalog CATALOG = IndicatorCatalog.builtIn();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\spinstall0.aspx | location:toolshell-spinstall
            /mnt/sp01/Program Files/Common Files/microsoft shared/web server extensions/15/template/layouts/SPINSTALL2.ASPX | location:toolshell-spinstall
            E:\\Program Files (x86)\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\15\\spinstall.aspx | location:toolshell-spinstall
            C:/Program Files/Common Files/Microsoft Shared/Web Server Extensions/16/TEMPLATE/LAYOUTS/ghostfile93.aspx | location:toolshell-ghostfile
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\debug_dev.js | location:toolshell-debug-dev
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\1.css | location:toolshell-1-css
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\styles\\1.css | -
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\11.css | -
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\spinstall0.aspx.txt | -
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\install0.aspx | -
            C:\\Program Files\\Common Files\\Microsoft Shared\\Web Server Extensions\\16\\TEMPLATE\\LAYOUTS\\debug_dev.json | -
            D:\\samples\\spinstall0.aspx | location:spinstall-elsewhere
            /cases/42/ghostfile7.aspx | location:ghostfile-elsewhere
            C:\\ProgramData\\VMware\\66.exe | location:cve-2024-38094-tools
            /mnt/img/programdata/vmware/KERBRUTE_windows_amd64.exe | location:cve-2024-38094-tools
            C:\\ProgramData\\VMware\\adexplorer64.exe | location:cve-2024-38094-tools
            C:\\ProgramData\\VMware\\VMware Tools\\66.exe | -
            C:\\ProgramData\\VMware\\vmtoolsd.exe | -
            C:\\Tools\\nxc.exe | location:offensive-tool-name
            C:\\Program Files\\Huorong\\Sysdiag\\bin\\HRSword.exe | location:huorong-edr-kill
            C:\\inetpub\\wwwroot\\aspnet_client\\supp0rt.aspx | location:proxylogon-aspnet-client-shell
            /mnt/ex01/inetpub/wwwroot/aspnet_client/OutlookEN.aspx | location:proxylogon-aspnet-client-shell
            C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\log.aspx | location:proxylogon-aspnet-client-log
            C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\4_0_30319\\anything.aspx | location:aspnet-client-script
            C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\4_0_30319\\WebUIValidation.js | -
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\8Lw7tAhF9i1pJnRo.aspx | location:proxylogon-owa-auth-shell
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\errorPage.aspx | location:proxylogon-owa-auth-generic-name
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\logon.aspx | -
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\owafonts.aspx | location:proxynotshell-owafonts
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\15.2.1118\\owafonts.aspx | -
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\OAB\\log.aspx | location:proxylogon-oab-log
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\OAB\\log.aspx | -
            C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth\\google.log | location:proxylogon-google-log-httpproxy
            C:\\inetpub\\wwwroot\\aspnet_client\\google.log | location:proxylogon-google-log
            C:\\Users\\me\\AppData\\Local\\Google\\google.log | -
            C:\\Users\\Public\\opera\\opera_browser.exe | location:proxylogon-opera-browser
            C:\\Users\\me\\AppData\\Local\\Programs\\Opera\\opera_browser.exe | -
            C:\\root\\lsass.dmp | location:lsass-dump-root
            C:\\Windows\\Temp\\lsass_2021.dmp | location:lsass-dump-windows-temp
            C:\\Temp\\lsass.dmp | -
            C:\\Windows\\Temp\\memory.dmp | -
            C:\\inetpub\\wwwroot\\ecp\\out.dmp | location:dump-in-web-root
            C:\\ProgramData\\pst\\it.zip | location:hafnium-pst-staging
            C:\\ProgramData\\Package Cache\\x\\setup.7z | location:programdata-archive
            C:\\ProgramData\\notes.txt | -
            C:\\Users\\me\\Downloads\\it.zip | -
            """)
    void locations(String path, String expected) {
        String normalized = PathGlob.normalize(path.strip());
        String name = normalized.substring(normalized.lastIndexOf('/') + 1);
        Indicator.Location location = CATALOG.location(normalized, name);
        assertThat(location == null ? "-" : location.about().id()).isEqualTo(expected.strip());
    }
}
