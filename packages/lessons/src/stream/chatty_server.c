#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/tcp.h>

int main(void)
{
    int server_socket, client_socket, on = 1;
    struct sockaddr_in server_addr, client_addr;
    socklen_t client_addr_size = sizeof(client_addr);
    char long_msg[] = "This message is longer than thirty bytes.";
    char korean[] = "안녕하세요, 소켓 세상!";   /* UTF-8: 31 bytes */

    server_socket = socket(PF_INET, SOCK_STREAM, 0);
    memset(&server_addr, 0, sizeof(server_addr));
    server_addr.sin_family      = AF_INET;
    server_addr.sin_port        = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (-1 == bind(server_socket, (struct sockaddr*)&server_addr, sizeof(server_addr)))
    { printf("bind() 실행 에러\n"); exit(1); }
    if (-1 == listen(server_socket, 5))
    { printf("대기상태 모드 설정 실패\n"); exit(1); }

    client_socket = accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);
    /* no Nagle: every write leaves at once, as its own segment */
    setsockopt(client_socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));

    write(client_socket, "Hello, ", 7);            /* 1. two writes ... */
    write(client_socket, "World!", 6);
    getchar();
    write(client_socket, long_msg, strlen(long_msg));   /* 2. 41 bytes */
    getchar();
    write(client_socket, korean, strlen(korean));       /* 3. 31 bytes */
    getchar();
    close(client_socket);
    close(server_socket);
    return 0;
}
